/** Commands that change or report session state only: no file system, no data connection. */
import { multiline, reply } from "../replies.js";
import { HELP_LINES } from "../verbs.js";
import { statPath } from "./read.js";
import type { Session } from "../session.js";

export const quit = (s: Session) => s.end(reply(221, "Goodbye."));
export const syst = (s: Session) => s.reply(215, "UNIX Type: L8");
export const noop = (s: Session) => s.reply(200, "NOOP ok.");
export const help = (s: Session) => s.send(multiline(214, "The following commands are recognized.", HELP_LINES, "Help OK."));
export const allo = (s: Session) => s.reply(202, "ALLO command ignored.");
export const abor = (s: Session) => s.reply(225, "No transfer to ABOR.");
export const notImplemented = (verb: string) => (s: Session) => s.reply(502, `${verb} not implemented.`);

/**
 * vsftpd 3.0.3's FEAT list (features.c): AUTH as ssl_tlsv1/ssl_sslv* say,
 * PBSZ and PROT with ssl_enable. Debian's binary lists UTF8 only with
 * utf8_filesystem=YES, after the AUTH lines.
 */
export function feat(s: Session): void {
  const tls = s.opts.tls;
  const auth = tls ? [...(tls.sslv2or3 ? [" AUTH SSL"] : []), ...(tls.tlsv1 ? [" AUTH TLS"] : [])] : [];
  const lines = [...auth, ...(s.opts.utf8Filesystem ? [" UTF8"] : []), ...(s.opts.portEnable ? [" EPRT"] : []), ...(s.opts.pasvEnable ? [" EPSV"] : []), " MDTM", ...(s.opts.pasvEnable ? [" PASV"] : []), ...(tls ? [" PBSZ", " PROT"] : []), " REST STREAM", " SIZE", " TVFS"];
  s.send(multiline(211, "Features:", lines, "End"));
}

export function opts(s: Session, arg: string): void {
  if (/^UTF8 ON$/i.test(arg)) return s.reply(200, "Always in UTF8 mode.");
  s.reply(501, "Option not understood.");
}

export function type(s: Session, arg: string): void {
  const a = arg.toUpperCase();
  if (a === "I" || a === "L8" || a === "L 8") {
    s.binary = true;
    return s.reply(200, "Switching to Binary mode.");
  }
  if (a === "A" || a === "A N") {
    s.binary = false;
    return s.reply(200, "Switching to ASCII mode.");
  }
  s.reply(500, "Unrecognised TYPE command.");
}

export const mode = (s: Session, arg: string) => (arg.toUpperCase() === "S" ? s.reply(200, "Mode set to S.") : s.reply(504, "Bad MODE command."));
export const stru = (s: Session, arg: string) => (arg.toUpperCase() === "F" ? s.reply(200, "Structure set to F.") : s.reply(504, "Bad STRU command."));

export function rest(s: Session, arg: string): void {
  const n = /^\d+$/.test(arg) ? Number(arg) : 0;
  s.restart = Number.isSafeInteger(n) ? n : 0;
  s.reply(350, `Restart position accepted (${s.restart}).`);
}

/** STAT: vsftpd's status block; with a path, that path's listing (read.ts). */
export function stat(s: Session, arg: string): void {
  if (arg !== "") return statPath(s, arg);
  const lines = [
    `     Connected to ${(s.socket.remoteAddress ?? "").replace(/^::ffff:/, "")}`,
    `     Logged in as ${s.anonymous ? "ftp" : s.user}`,
    `     TYPE: ${s.binary ? "BINARY" : "ASCII"}`,
    "     No session bandwidth limit",
    s.opts.idleSessionTimeoutMs > 0 ? `     Session timeout in seconds is ${s.opts.idleSessionTimeoutMs / 1000}` : "     No session timeout",
    s.controlTls ? "     Control connection is encrypted" : "     Control connection is plain text",
    s.dataTls ? "     Data connections will be encrypted" : "     Data connections will be plain text",
    ...(s.clientsAtStart > 0 ? [`     At session startup, client count was ${s.clientsAtStart}`] : []),
    "     vsFTPd 3.0.3 - secure, fast, stable",
  ];
  s.send(multiline(211, "FTP server status:", lines, "End of status"));
}
