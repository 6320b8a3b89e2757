/**
 * FTP replies: the codes vsftpd sends (ftpcodes.h names them by meaning;
 * here the type is the set of numbers it uses) and their wire format.
 */

/** Every code the server sends; a reply with any other number does not compile. */
export type ReplyCode =
  | 150 // FTP_DATACONN
  | 200 // NOOPOK, TYPEOK, MODEOK, STRUOK, OPTSOK, EPSVALLOK
  | 202 // ALLOOK
  | 211 // FEAT, STATOK
  | 213 // SIZEOK, MDTMOK, STATFILE_OK
  | 214 // HELP
  | 215 // SYSTOK
  | 220 // GREET
  | 221 // GOODBYE
  | 225 // ABOR_NOCONN
  | 226 // TRANSFEROK
  | 227 // PASVOK
  | 229 // EPSVOK
  | 230 // LOGINOK
  | 234 // AUTHOK
  | 250 // CWDOK, RMDIROK, DELEOK, RENAMEOK
  | 257 // PWDOK, MKDIROK
  | 331 // GIVEPWORD
  | 350 // RESTOK, RNFROK
  | 421 // TOO_MANY_USERS, IDLE_TIMEOUT, DATA_TIMEOUT, TLS_FAIL
  | 425 // BADSENDCONN
  | 426 // BADSENDNET
  | 451 // BADSENDFILE
  | 500 // BADCMD
  | 501 // BADOPTS / syntax
  | 502 // COMMANDNOTIMPL
  | 503 // NEEDUSER, NEEDRNFR, BADPBSZ, BADPROT
  | 504 // BADSTRU, BADMODE, BADAUTH, NOSUCHPROT
  | 522 // EPSVBAD, NEEDENCRYPT, DATATLSBAD
  | 530 // LOGINERR
  | 536 // NOHANDLEPROT
  | 550 // FILEFAIL, NOPERM
  | 553; // UPLOADFAIL

export interface Reply {
  readonly code: ReplyCode;
  readonly text: string;
  /** Lines between the first and the last of a multi-line reply, sent as they are (FEAT's " EPSV"). */
  readonly body?: readonly string[];
  /** The last line's text of a multi-line reply: FEAT's "End", HELP's "Help OK.". */
  readonly end?: string;
}

export const reply = (code: ReplyCode, text: string): Reply => ({ code, text });
export const multiline = (code: ReplyCode, first: string, body: readonly string[], end: string): Reply => ({ code, text: first, body, end });

/** vsftpd's texts that clients and tests match on; one place, so a handler cannot misspell one. */
export const TEXT = {
  permissionDenied: "Permission denied.",
  unknownCommand: "Unknown command.",
  pleaseLogin: "Please login with USER and PASS.",
  loginIncorrect: "Login incorrect.",
  givePassword: "Please specify the password.",
  loginOk: "Login successful.",
  needUser: "Login with USER first.",
  anonOnly: "This FTP server is anonymous only.",
  goodbye: "Goodbye.",
  lineTooLong: "Input line too long.",
  usePasvFirst: "Use PORT or PASV first.",
  cwdOk: "Directory successfully changed.",
  cwdFail: "Failed to change directory.",
  openFail: "Failed to open file.",
  createFail: "Could not create file.",
  transferOk: "Transfer complete.",
  listingStart: "Here comes the directory listing.",
  listingOk: "Directory send OK.",
  uploadStart: "Ok to send data.",
  dataFail: "Failure writing network stream.",
  readFail: "Failure reading local file.",
  writeFail: "Failure writing to local file.",
  syntax: "Syntax error in parameters or arguments.",
} as const;

/**
 * The bytes of a reply, as vsftpd's vsf_cmdio_write builds them: `CODE text`,
 * or `CODE-first`, the body lines, `CODE last`. A text with a line break
 * (a banner) continues as a multi-line reply so no line can pose as a code.
 */
export function formatReply(r: Reply): string {
  const lines = r.text.split(/\r?\n/);
  if (!r.body && lines.length === 1) return `${r.code} ${r.text}\r\n`;
  if (r.body) return `${r.code}-${lines.join(" ")}\r\n${r.body.map((l) => `${l}\r\n`).join("")}${r.code} ${r.end ?? ""}\r\n`;
  const last = lines.pop()!;
  return lines.map((l) => `${r.code}-${l}\r\n`).join("") + `${r.code} ${last}\r\n`;
}
