import { existsSync, readFileSync, statSync } from "node:fs";
import type { Io } from "../cli.js";
import { writeFileAtomic } from "../core/atomic-write.js";
import { VERSION } from "../core/version.js";
import { resolveDistro } from "../host/distro.js";
import { formatOrigin } from "./errors.js";
import { renderPipeline, runPipeline } from "./pipeline.js";
import { reportProfileError } from "./report.js";

export function renderCommand(o: { file: string; set: string[]; distro: string; output: string | undefined }, io: Io): number {
  const distro = resolveDistro(o.distro);
  let rendered;
  try {
    const p = runPipeline(o.file, { set: o.set, distro });
    for (const w of p.warnings) io.stderr(`${formatOrigin(w.origin)}: warning: ${w.message}\n`);
    rendered = renderPipeline(p, VERSION, o.output ?? "vsftpd.conf");
  } catch (err) {
    return reportProfileError(err, io);
  }
  const errors = rendered.findings.filter((f) => f.severity === "error");
  if (errors.length) {
    // The profile layer should make this impossible; refuse rather than write a config vsftpd rejects.
    for (const f of errors) io.stderr(`${f.file}:${f.line}:${f.col}: error: ${f.message} [${f.code}]\n`);
    io.stderr("ftpctl: the rendered config does not pass lint; nothing was written (please report this)\n");
    return 1;
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

