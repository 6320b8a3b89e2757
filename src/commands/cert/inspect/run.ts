/**
 * `ftpctl cert inspect FILE [--key FILE]`: prints what inspectCertificate()
 * finds. Exit 0 when nothing is wrong or there are only warnings (expiring
 * soon, no subjectAltName), 1 when a client or vsftpd would refuse the pair.
 */
import type { Io } from "../../../core/io.js";
import { PEM_INPUT, readInput } from "../../../core/read-input.js";
import { certificateLines, keyLabel } from "../../../cert/format.js";
import { inspectCertificate } from "../../../cert/inspect.js";

export interface InspectOptions {
  readonly file: string;
  readonly key: string | undefined;
  readonly json: boolean;
}

/** PEM text as OpenSSL reads it: bytes, so latin1, capped and refused unless a regular file (src/core/read-input.ts). */
const readPem = (path: string): string => readInput(path, PEM_INPUT).toString("latin1");

export function inspectCommand(o: InspectOptions, io: Io): number {
  const certText = readPem(o.file);
  const keyText = o.key === undefined ? undefined : readPem(o.key);
  const r = inspectCertificate(certText, keyText);
  const failed = r.problems.some((p) => p.severity === "error");
  if (o.json) {
    io.stdout(`${JSON.stringify({ file: o.file, keyFile: o.key ?? null, ...r }, null, 2)}\n`);
    return failed ? 1 : 0;
  }
  const lines = [o.file];
  const keyRow: [string, string][] = r.privateKey
    ? [["private key", `${keyLabel(r.privateKey)} (${o.key ?? "in the same file"}): ${r.privateKey.matches ? "matches" : "does NOT match"}`]]
    : [];
  if (r.certificate) lines.push(...certificateLines(r.certificate, keyRow));
  for (const p of r.problems) lines.push(`${p.severity}: ${p.message}`);
  if (!r.problems.length) lines.push("ok: no problems found");
  io.stdout(`${lines.join("\n")}\n`);
  return failed ? 1 : 0;
}
