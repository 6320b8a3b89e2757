/** AUTH, PBSZ and PROT (RFC 4217), with vsftpd's replies (ssl.c). */
import type { Session } from "../session.js";

/** C toupper: ASCII only, as vsftpd's str_upper. */
const upper = (s: string) => s.replace(/[a-z]/g, (c) => c.toUpperCase());

/** AUTH SSL and AUTH TLS-P also turn data protection on (vsftpd's data_use_ssl), as if PROT P followed. */
const AUTH_TYPES: ReadonlyMap<string, { readonly protect: boolean }> = new Map([
  ["TLS", { protect: false }],
  ["TLS-C", { protect: false }],
  ["SSL", { protect: true }],
  ["TLS-P", { protect: true }],
]);

export async function auth(s: Session, arg: string): Promise<void> {
  const kind = AUTH_TYPES.get(upper(arg));
  if (!kind) return s.reply(504, "Unknown AUTH type.");
  s.reply(234, "Proceed with negotiation.");
  if ((await s.startTls()) && kind.protect) s.dataTls = true;
}

export function pbsz(s: Session): void {
  if (!s.controlTls) return s.reply(503, "PBSZ needs a secure connection.");
  s.reply(200, "PBSZ set to 0.");
}

export function prot(s: Session, arg: string): void {
  const level = upper(arg);
  if (!s.controlTls) return s.reply(503, "PROT needs a secure connection.");
  if (level === "C") {
    s.dataTls = false;
    return s.reply(200, "PROT now Clear.");
  }
  if (level === "P") {
    s.dataTls = true;
    return s.reply(200, "PROT now Private.");
  }
  if (level === "S" || level === "E") return s.reply(536, "PROT not supported.");
  s.reply(504, "PROT not recognized.");
}
