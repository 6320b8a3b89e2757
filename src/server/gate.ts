/**
 * The one gate every command line passes before its handler: pyftpdlib's
 * pre_process_command in vsftpd's order. Pure: it sees the session's login
 * state and the options, never a socket.
 *
 * Order, as vsftpd answers:
 *   1. before login, anything but USER PASS QUIT FEAT OPTS (and with ssl_enable AUTH, on a clear
 *      connection only, PBSZ, PROT): 530 "Please login with USER and PASS."
 *      (unknown words too: vsftpd's prelogin loop knows nothing else);
 *   2. after login, cmds_allowed / cmds_denied: 550 "Permission denied." (checked on the raw
 *      word, before it is known, exactly as postlogin.c does);
 *   3. an unknown verb (AUTH after login too): 500 "Unknown command.";
 *   4. a verb turned off (write switches, download_enable, dirlist_enable, pasv_enable, port_enable): 550;
 *   5. a missing required argument: 501;
 *   6. a path argument deny_file matches (on the argument as sent, as vsftpd's access.c checks): 550.
 */
import { reply, TEXT, type Reply } from "./replies.js";
import { COMMANDS } from "./commands.js";
import { matchesAccessPattern } from "./name-filter.js";
import { isVerb, type Switch, type Verb, type WriteKind } from "./verbs.js";
import type { ServerOptions } from "./options.js";

export interface GateState {
  readonly loggedIn: boolean;
  readonly anonymous: boolean;
  /** The control connection is TLS (AUTH TLS done). */
  readonly secure?: boolean;
}

export type GatePolicy = Pick<
  ServerOptions,
  "cmdsAllowed" | "cmdsDenied" | "denyFile" | "writeEnable" | "anonUploadEnable" | "anonMkdirWriteEnable" | "anonOtherWriteEnable" | "downloadEnable" | "dirlistEnable" | "pasvEnable" | "portEnable" | "tls"
>;

export type GateResult = { readonly ok: true; readonly verb: Verb } | { readonly ok: false; readonly reply: Reply };

const refuse = (r: Reply): GateResult => ({ ok: false, reply: r });

export function mayWrite(kind: WriteKind, state: GateState, p: GatePolicy): boolean {
  if (!p.writeEnable) return false;
  if (!state.anonymous) return true;
  return kind === "upload" ? p.anonUploadEnable : kind === "mkdir" ? p.anonMkdirWriteEnable : p.anonOtherWriteEnable;
}

const SWITCHES: Readonly<Record<Switch, (p: GatePolicy) => boolean>> = {
  download: (p) => p.downloadEnable,
  dirlist: (p) => p.dirlistEnable,
  pasv: (p) => p.pasvEnable,
  port: (p) => p.portEnable,
  ssl: (p) => p.tls !== undefined,
};
const switchedOn = (s: Switch, p: GatePolicy): boolean => SWITCHES[s](p);

/** LIST's `-la dir`: the options go, the path stays. */
const pathOf = (arg: string) => (arg.startsWith("-") ? (arg.indexOf(" ") === -1 ? "" : arg.slice(arg.indexOf(" ") + 1)) : arg);
const denied = (path: string, pattern: string | undefined) => path !== "" && matchesAccessPattern(path, pattern);

/** `word` is the command word as sent, upper-cased; `arg` the rest of the line. */
export function gate(word: string, arg: string, state: GateState, p: GatePolicy): GateResult {
  const verb = isVerb(word) ? word : undefined;
  if (!state.loggedIn) {
    const pre = verb ? COMMANDS[verb] : undefined;
    if (!pre?.preLogin || (pre.switch && !switchedOn(pre.switch, p)) || (pre.clearOnly && state.secure)) return refuse(reply(530, TEXT.pleaseLogin));
  } else {
    if (p.cmdsAllowed && !p.cmdsAllowed.includes(word)) return refuse(reply(550, TEXT.permissionDenied));
    if (p.cmdsDenied?.includes(word)) return refuse(reply(550, TEXT.permissionDenied));
  }
  if (!verb || (state.loggedIn && COMMANDS[verb].postLogin === false)) return refuse(reply(500, TEXT.unknownCommand));
  const rule = COMMANDS[verb];
  if (state.loggedIn) {
    if (rule.write && !mayWrite(rule.write, state, p)) return refuse(reply(550, TEXT.permissionDenied));
    if (rule.switch && !switchedOn(rule.switch, p)) return refuse(reply(550, TEXT.permissionDenied));
  }
  if (rule.arg === "required" && arg === "") return refuse(reply(501, TEXT.syntax));
  if (state.loggedIn && rule.path && denied(pathOf(arg), p.denyFile)) return refuse(reply(550, TEXT.permissionDenied));
  return { ok: true, verb };
}
