import { existsSync, readFileSync, statSync } from "node:fs";
import type { Io } from "../cli.js";
import { writeFileAtomic } from "../core/atomic-write.js";
import { VERSION } from "../core/version.js";
import { resolveDistro } from "../host/distro.js";
import { formatOrigin, formatProblem } from "./errors.js";
import { checkRendered, renderPipeline, runPipeline } from "./pipeline.js";
import { reportProfileError } from "./report.js";

export function renderCommand(o: { file: string; set: string[]; distro: string; output: string | undefined }, io: Io): number {
  const distro = resolveDistro(o.distro);
  let rendered;
  try {
    const p = runPipeline(o.file, { set: o.set, distro });
    for (const w of p.warnings) io.stderr(`${formatOrigin(w.origin)}: warning: ${w.message}\n`);
    rendered = renderPipeline(p, VERSION, o.output ?? "vsftpd.conf");
    // Refuse rather than write a config vsftpd rejects or reads otherwise than the profile says;
    // print the warnings the profile's raw vsftpd: options asked for.
    for (const w of checkRendered(p, rendered)) io.stderr(formatProblem(w) + "\n");
  } catch (err) {
    return reportProfileError(err, io);
  }
  if (!o.output) {
    io.stdout(rendered.text);
    return 0;
  }
  const old = existsSync(o.output) ? statSync(o.output) : undefined;
  if (old) writeFileAtomic(`${o.output}.bak`, readFileSync(o.output), { mode: old.mode & 0o7777, uid: old.uid, gid: old.gid });
  writeFileAtomic(o.output, rendered.text, old ? { mode: old.mode & 0o7777, uid: old.uid, gid: old.gid } : { mode: 0o644, uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 });
  io.stderr(`wrote ${o.output}${old ? ` (previous version kept as ${o.output}.bak)` : ""}\n`);
  return 0;
}

