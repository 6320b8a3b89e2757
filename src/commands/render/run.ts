import type { Io } from "../../core/io.js";
import { writeOutput } from "../../core/output.js";
import { shown } from "../../core/shown.js";
import { VERSION } from "../../core/version.js";
import { resolveDistro } from "../../host/distro.js";
import { formatOrigin, formatProblem } from "../../profile/errors.js";
import { checkRendered, renderPipeline, runPipeline } from "../../profile/pipeline.js";
import { reportProfileError } from "../profile-report.js";

export function renderCommand(o: { file: string; set: string[]; distro: string; output: string | undefined }, io: Io): number {
  const distro = resolveDistro(o.distro);
  let rendered;
  try {
    const p = runPipeline(o.file, { set: o.set, distro });
    for (const w of p.warnings) io.stderr(`${formatOrigin(w.origin)}: warning: ${w.message}\n`);
    rendered = renderPipeline(p, VERSION, o.output === undefined || o.output === "-" ? "vsftpd.conf" : o.output);
    // Refuse rather than write a config vsftpd rejects or reads otherwise than the profile says;
    // print the warnings the profile's raw vsftpd: options asked for.
    for (const w of checkRendered(p, rendered)) io.stderr(formatProblem(w) + "\n");
  } catch (err) {
    return reportProfileError(err, io);
  }
  // No -o, or -o -: standard output, as for init.
  if (o.output === undefined || o.output === "-") {
    io.stdout(rendered.text);
    return 0;
  }
  const w = writeOutput(o.output, rendered.text, { replace: true });
  io.stderr(`wrote ${shown(o.output)}${w.backup ? ` (previous version kept as ${shown(w.backup)})` : ""}\n`);
  return 0;
}

