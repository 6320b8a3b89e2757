import { describe, expect, it } from "vitest";
import { gate, type GatePolicy, type GateState } from "../../src/server/gate.js";
import { COMMANDS } from "../../src/server/commands.js";
import { VERBS } from "../../src/server/verbs.js";

const READ_ONLY: GatePolicy = {
  writeEnable: false,
  anonUploadEnable: false,
  anonMkdirWriteEnable: false,
  anonOtherWriteEnable: false,
  downloadEnable: true,
  dirlistEnable: true,
  pasvEnable: true,
  portEnable: true,
};
const WRITE: GatePolicy = { ...READ_ONLY, writeEnable: true };
const ANON_UPLOAD: GatePolicy = { ...WRITE, anonUploadEnable: true };

/** ssl_enable=YES: only its presence matters to the gate. */
const TLS_ON: GatePolicy = {
  ...READ_ONLY,
  tls: { tlsv1: true, sslv2or3: false, requestCert: true, allowAnon: false, forceLocalLogins: true, forceLocalData: true, forceAnonLogins: false, forceAnonData: false, requireReuse: true, implicit: false },
};

const OUT: GateState = { loggedIn: false, anonymous: false };
/** Before login, after AUTH TLS. */
const OUT_TLS: GateState = { loggedIn: false, anonymous: false, secure: true };
const ANON: GateState = { loggedIn: true, anonymous: true };
const LOCAL: GateState = { loggedIn: true, anonymous: false };

type Row = [name: string, word: string, arg: string, state: GateState, policy: GatePolicy, expected: string];

/** expected: "ok" or "CODE text". */
const TABLE: Row[] = [
  // Before login: only USER PASS QUIT FEAT OPTS; everything else, unknown words too, is 530.
  ["USER before login", "USER", "ftp", OUT, READ_ONLY, "ok"],
  ["PASS before login", "PASS", "x", OUT, READ_ONLY, "ok"],
  ["QUIT before login", "QUIT", "", OUT, READ_ONLY, "ok"],
  ["FEAT before login", "FEAT", "", OUT, READ_ONLY, "ok"],
  ["OPTS before login", "OPTS", "UTF8 ON", OUT, READ_ONLY, "ok"],
  ["LIST before login", "LIST", "", OUT, READ_ONLY, "530 Please login with USER and PASS."],
  ["PWD before login", "PWD", "", OUT, READ_ONLY, "530 Please login with USER and PASS."],
  ["unknown word before login", "XYZZY", "", OUT, READ_ONLY, "530 Please login with USER and PASS."],
  // After login.
  ["unknown word", "XYZZY", "", ANON, READ_ONLY, "500 Unknown command."],
  ["PWD", "PWD", "", ANON, READ_ONLY, "ok"],
  ["missing argument", "RETR", "", ANON, READ_ONLY, "501 Syntax error in parameters or arguments."],
  ["USER needs a name", "USER", "", OUT, READ_ONLY, "501 Syntax error in parameters or arguments."],
  // Write switches: write_enable for everyone, the anon_* switches for anonymous sessions.
  ["anonymous STOR read-only", "STOR", "f", ANON, READ_ONLY, "550 Permission denied."],
  ["anonymous STOR without anon_upload_enable", "STOR", "f", ANON, WRITE, "550 Permission denied."],
  ["anonymous STOR with anon_upload_enable", "STOR", "f", ANON, ANON_UPLOAD, "ok"],
  ["anonymous MKD needs anon_mkdir_write_enable", "MKD", "d", ANON, ANON_UPLOAD, "550 Permission denied."],
  ["anonymous MKD with it", "MKD", "d", ANON, { ...WRITE, anonMkdirWriteEnable: true }, "ok"],
  ["anonymous DELE needs anon_other_write_enable", "DELE", "f", ANON, ANON_UPLOAD, "550 Permission denied."],
  ["anonymous RNFR with it", "RNFR", "f", ANON, { ...WRITE, anonOtherWriteEnable: true }, "ok"],
  ["anon switches without write_enable do nothing", "STOR", "f", ANON, { ...READ_ONLY, anonUploadEnable: true }, "550 Permission denied."],
  ["local STOR needs write_enable", "STOR", "f", LOCAL, READ_ONLY, "550 Permission denied."],
  ["local STOR with write_enable", "STOR", "f", LOCAL, WRITE, "ok"],
  ["local DELE with write_enable", "DELE", "f", LOCAL, WRITE, "ok"],
  // Feature switches.
  ["download_enable=NO", "RETR", "f", ANON, { ...READ_ONLY, downloadEnable: false }, "550 Permission denied."],
  ["dirlist_enable=NO", "LIST", "", ANON, { ...READ_ONLY, dirlistEnable: false }, "550 Permission denied."],
  ["pasv_enable=NO", "EPSV", "", ANON, { ...READ_ONLY, pasvEnable: false }, "550 Permission denied."],
  ["port_enable=NO", "EPRT", "|1|127.0.0.1|2000|", ANON, { ...READ_ONLY, portEnable: false }, "550 Permission denied."],
  ["PORT needs an argument", "PORT", "", ANON, READ_ONLY, "501 Syntax error in parameters or arguments."],
  // cmds_allowed / cmds_denied: after login, on the word as sent, before anything else.
  ["cmds_allowed lets PWD through", "PWD", "", ANON, { ...READ_ONLY, cmdsAllowed: ["PWD", "QUIT"] }, "ok"],
  ["cmds_allowed refuses LIST", "LIST", "", ANON, { ...READ_ONLY, cmdsAllowed: ["PWD", "QUIT"] }, "550 Permission denied."],
  ["cmds_allowed refuses an unknown word with 550", "XYZZY", "", ANON, { ...READ_ONLY, cmdsAllowed: ["PWD"] }, "550 Permission denied."],
  ["cmds_allowed does not apply before login", "USER", "ftp", OUT, { ...READ_ONLY, cmdsAllowed: ["PWD"] }, "ok"],
  ["cmds_denied refuses DELE", "DELE", "f", LOCAL, { ...WRITE, cmdsDenied: ["DELE", "RMD"] }, "550 Permission denied."],
  ["cmds_denied leaves MKD", "MKD", "d", LOCAL, { ...WRITE, cmdsDenied: ["DELE", "RMD"] }, "ok"],
  // deny_file: on a path argument as sent, after the switches.
  ["deny_file refuses RETR of a match", "RETR", "music/x.mp3", ANON, { ...READ_ONLY, denyFile: "{*.mp3,*.mov}" }, "550 Permission denied."],
  ["deny_file leaves other names", "RETR", "x.txt", ANON, { ...READ_ONLY, denyFile: "{*.mp3,*.mov}" }, "ok"],
  ["deny_file applies to LIST's path, not its options", "LIST", "-la x.mp3", ANON, { ...READ_ONLY, denyFile: "*.mp3" }, "550 Permission denied."],
  ["deny_file does not apply to a verb without a path", "SYST", "x.mp3", ANON, { ...READ_ONLY, denyFile: "*.mp3" }, "ok"],
  // RFC 4217, as prelogin.c and postlogin.c take it.
  ["AUTH before login with ssl_enable", "AUTH", "TLS", OUT, TLS_ON, "ok"],
  ["AUTH without ssl_enable is an unknown pre-login word", "AUTH", "TLS", OUT, READ_ONLY, "530 Please login with USER and PASS."],
  ["a second AUTH on TLS", "AUTH", "TLS", OUT_TLS, TLS_ON, "530 Please login with USER and PASS."],
  ["AUTH after login is unknown", "AUTH", "TLS", LOCAL, TLS_ON, "500 Unknown command."],
  ["AUTH after login without ssl_enable", "AUTH", "TLS", LOCAL, READ_ONLY, "500 Unknown command."],
  ["cmds_allowed comes before AUTH's unknown", "AUTH", "TLS", LOCAL, { ...TLS_ON, cmdsAllowed: ["PWD"] }, "550 Permission denied."],
  ["PBSZ before login with ssl_enable", "PBSZ", "0", OUT, TLS_ON, "ok"],
  ["PROT before login on TLS", "PROT", "P", OUT_TLS, TLS_ON, "ok"],
  ["PBSZ before login without ssl_enable", "PBSZ", "0", OUT, READ_ONLY, "530 Please login with USER and PASS."],
  ["PROT after login with ssl_enable", "PROT", "P", LOCAL, TLS_ON, "ok"],
  ["PROT after login without ssl_enable", "PROT", "P", LOCAL, READ_ONLY, "550 Permission denied."],
  ["PBSZ after login without ssl_enable", "PBSZ", "0", ANON, READ_ONLY, "550 Permission denied."],
  ["CCC before login", "CCC", "", OUT_TLS, TLS_ON, "530 Please login with USER and PASS."],
  ["CCC after login", "CCC", "", LOCAL, TLS_ON, "500 Unknown command."],
];

describe("the command gate", () => {
  it.each(TABLE)("%s", (_name, word, arg, state, policy, expected) => {
    const r = gate(word, arg, state, policy);
    expect(r.ok ? "ok" : `${r.reply.code} ${r.reply.text}`).toBe(expected);
  });

  it("has one table entry, with a handler, for every verb", () => {
    expect(Object.keys(COMMANDS).sort()).toEqual([...VERBS].sort());
    for (const v of VERBS) expect(typeof COMMANDS[v].handler).toBe("function");
  });

  it("lets only vsftpd's pre-login verbs through before login", () => {
    expect(VERBS.filter((v) => COMMANDS[v].preLogin).sort()).toEqual(["AUTH", "FEAT", "OPTS", "PASS", "PBSZ", "PROT", "QUIT", "USER"]);
    // The RFC 4217 ones only with ssl_enable.
    expect(VERBS.filter((v) => COMMANDS[v].preLogin && COMMANDS[v].switch !== "ssl").sort()).toEqual(["FEAT", "OPTS", "PASS", "QUIT", "USER"]);
  });
});
