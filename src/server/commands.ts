/**
 * THE command table, pyftpdlib's proto_cmds with vsftpd's policy: for each
 * verb, whether it works before login, its argument rule, the write switch
 * or feature switch it needs, and its handler. The gate (gate.ts) reads the
 * rules before dispatch; the session calls the handler. A verb missing here
 * does not compile.
 */
import type { Session } from "./session.js";
import type { ArgRule, Verb, VerbRule } from "./verbs.js";
import * as info from "./handlers/info.js";
import * as login from "./handlers/login.js";
import * as nav from "./handlers/navigate.js";
import * as passive from "./handlers/passive.js";
import * as read from "./handlers/read.js";
import * as site from "./handlers/site.js";
import * as tls from "./handlers/tls.js";
import * as write from "./handlers/write.js";

export type Handler = (s: Session, arg: string) => void | Promise<void>;

export interface CommandEntry extends VerbRule {
  readonly handler: Handler;
}

/** A command for logged-in sessions only. */
const R = (arg: ArgRule, handler: Handler, extra: Partial<VerbRule> = {}): CommandEntry => ({ preLogin: false, arg, handler, ...extra });
/** A command vsftpd's prelogin loop also answers. */
const PRE = (arg: ArgRule, handler: Handler): CommandEntry => ({ preLogin: true, arg, handler });

export const COMMANDS: Readonly<Record<Verb, CommandEntry>> = {
  USER: PRE("required", login.user),
  PASS: PRE("optional", login.pass),
  QUIT: PRE("optional", info.quit),
  FEAT: PRE("optional", info.feat),
  OPTS: PRE("optional", info.opts),
  SYST: R("optional", info.syst),
  HELP: R("optional", info.help),
  NOOP: R("optional", info.noop),
  STAT: R("optional", info.stat, { path: true }),
  PWD: R("optional", nav.pwd),
  XPWD: R("optional", nav.pwd),
  CWD: R("optional", nav.cwd, { path: true }),
  XCWD: R("optional", nav.cwd, { path: true }),
  CDUP: R("optional", nav.cdup),
  XCUP: R("optional", nav.cdup),
  TYPE: R("required", info.type),
  MODE: R("required", info.mode),
  STRU: R("required", info.stru),
  ALLO: R("optional", info.allo),
  REST: R("required", info.rest),
  ABOR: R("optional", info.abor),
  PASV: R("optional", passive.pasv, { switch: "pasv" }),
  EPSV: R("optional", passive.epsv, { switch: "pasv" }),
  PORT: R("required", passive.port, { switch: "port" }),
  EPRT: R("required", passive.eprt, { switch: "port" }),
  LIST: R("optional", read.list, { switch: "dirlist", path: true }),
  NLST: R("optional", read.nlst, { switch: "dirlist", path: true }),
  RETR: R("required", read.retr, { switch: "download", path: true }),
  SIZE: R("required", read.size, { path: true }),
  MDTM: R("required", read.mdtm, { path: true }),
  STOR: R("required", write.stor, { write: "upload", path: true }),
  STOU: R("optional", write.stou, { write: "upload", path: true }),
  APPE: R("required", write.appe, { write: "other", path: true }),
  DELE: R("required", write.dele, { write: "other", path: true }),
  MKD: R("required", write.mkd, { write: "mkdir", path: true }),
  XMKD: R("required", write.mkd, { write: "mkdir", path: true }),
  RMD: R("required", write.rmd, { write: "other", path: true }),
  XRMD: R("required", write.rmd, { write: "other", path: true }),
  RNFR: R("required", write.rnfr, { write: "other", path: true }),
  RNTO: R("required", write.rnto, { write: "other", path: true }),
  SITE: R("optional", site.site),
  REIN: R("optional", info.notImplemented("REIN")),
  ACCT: R("optional", info.notImplemented("ACCT")),
  SMNT: R("optional", info.notImplemented("SMNT")),
  // RFC 4217, with ssl_enable: before login as in prelogin.c, PBSZ and PROT after it too; AUTH never after.
  AUTH: { preLogin: true, postLogin: false, clearOnly: true, arg: "optional", switch: "ssl", handler: tls.auth },
  PBSZ: { preLogin: true, arg: "optional", switch: "ssl", handler: tls.pbsz },
  PROT: { preLogin: true, arg: "optional", switch: "ssl", handler: tls.prot },
};
