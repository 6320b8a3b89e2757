/** Text shown for a certificate, shared by `cert generate` and `cert inspect`. */
import type { CertificateInfo, KeyInfo } from "./inspect.js";

export const keyLabel = (k: KeyInfo): string =>
  k.type === "rsa" ? `RSA ${k.bits}-bit` : k.type === "ec" ? `EC ${k.curve === "prime256v1" ? "P-256" : k.curve ?? ""}`.trim() : `${k.type.toUpperCase()}${k.bits ? ` ${k.bits}-bit` : ""}`;

const when = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

function left(days: number): string {
  if (days < 0) return `expired ${-days} day${days === -1 ? "" : "s"} ago`;
  return `${days} day${days === 1 ? "" : "s"} left`;
}

/** Aligned "label  value" lines, indented by two spaces. */
export function certificateLines(c: CertificateInfo, extra: readonly (readonly [string, string])[] = []): string[] {
  const rows: (readonly [string, string])[] = [
    ["subject", c.subject || "(empty)"],
    ["names", c.subjectAltNames.length ? c.subjectAltNames.join(", ") : "(no subjectAltName)"],
    ["issuer", c.selfSigned ? `${c.issuer} (self-signed)` : c.issuer],
    ["valid", `${when(c.notBefore)} to ${when(c.notAfter)} (${left(c.daysLeft)})`],
    ["key", keyLabel(c.key)],
    ["SHA-256", c.fingerprintSha256],
    ["serial", c.serialNumber],
  ];
  if (c.chainLength > 1) rows.push(["chain", `${c.chainLength - 1} more certificate(s) after this one`]);
  rows.push(...extra);
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`);
}
