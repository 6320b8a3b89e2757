import type { Io } from "../cli.js";
import { writeOutput } from "../core/output.js";
import { VERSION } from "../core/version.js";
import { resolveDistro } from "../host/distro.js";
import { formatOrigin, ProfileError } from "./errors.js";
import { renderedProblems, renderPipeline, runPipeline } from "./pipeline.js";
import { reportProfileError } from "./report.js";

export function renderCommand(o: { file: string; set: string[]; distro: string; output: string | undefined }, io: Io): number {
  const distro = resolveDistro(o.distro);
  let rendered;
  let ourBug = false;
  try {
    const p = runPipeline(o.file, { set: o.set, distro });
    for (const w of p.warnings) io.stderr(`${formatOrigin(w.origin)}: warning: ${w.message}\n`);
    rendered = renderPipeline(p, VERSION, o.output === undefined || o.output === "-" ? "vsftpd.conf" : o.output);
    // Refuse rather than write a config vsftpd rejects. Raw vsftpd: values can cause that; the
    // profile layer's own keys should not, and saying so gets it reported.
    const problems = renderedProblems(p, rendered);
    if (problems.length) {
      ourBug = problems.some((x) => x.fromProfile);
      throw new ProfileError(problems.map(({ fromProfile: _, ...problem }) => problem));
    }
  } catch (err) {
    const code = reportProfileError(err, io);
    if (ourBug) io.stderr("ftpctl: the profile layer rendered a config vsftpd refuses; nothing was written (please report this)\n");
    return code;
  }
  // No -o, or -o -: standard output, as for init.
  if (o.output === undefined || o.output === "-") {
    io.stdout(rendered.text);
    return 0;
  }
  const w = writeOutput(o.output, rendered.text, { replace: true });
  io.stderr(`wrote ${o.output}${w.backup ? ` (previous version kept as ${w.backup})` : ""}\n`);
  return 0;
}

