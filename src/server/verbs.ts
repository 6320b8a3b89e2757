/**
 * The verbs the server knows, and what each needs before its handler runs:
 * pyftpdlib's proto_cmds, with vsftpd's policy (postlogin.c) as data.
 */

export const VERBS = [
  "USER", "PASS", "QUIT", "SYST", "FEAT", "OPTS", "HELP", "NOOP", "STAT",
  "PWD", "XPWD", "CWD", "XCWD", "CDUP", "XCUP",
  "TYPE", "MODE", "STRU", "ALLO", "REST", "ABOR",
  "PASV", "EPSV", "PORT", "EPRT",
  "LIST", "NLST", "RETR", "SIZE", "MDTM",
  "STOR", "STOU", "APPE", "DELE", "MKD", "XMKD", "RMD", "XRMD", "RNFR", "RNTO",
  "SITE", "REIN", "ACCT", "SMNT",
  "AUTH", "PBSZ", "PROT",
] as const;

export type Verb = (typeof VERBS)[number];

const KNOWN: ReadonlySet<string> = new Set(VERBS);
export const isVerb = (word: string): word is Verb => KNOWN.has(word);

/** `required`: an empty argument is refused with 501 before the handler runs. */
export type ArgRule = "required" | "optional";

/**
 * Which of vsftpd's write switches a verb needs, beside write_enable:
 * anonymous sessions need anon_upload_enable, anon_mkdir_write_enable or
 * anon_other_write_enable respectively (postlogin.c); local users need only
 * write_enable.
 */
export type WriteKind = "upload" | "mkdir" | "other";

/**
 * A switch that turns a verb off for every session (vsftpd answers 550 Permission denied).
 * `ssl` (ssl_enable) also decides whether a pre-login verb is known at all (530 when off).
 */
export type Switch = "download" | "dirlist" | "pasv" | "port" | "ssl";

export interface VerbRule {
  /** Allowed before login (vsftpd's prelogin.c: USER PASS QUIT FEAT OPTS, AUTH/PBSZ/PROT with TLS). */
  readonly preLogin: boolean;
  readonly arg: ArgRule;
  readonly write?: WriteKind;
  readonly switch?: Switch;
  /** The argument names a file (after any `-options` of LIST/NLST/STAT): deny_file applies to it. */
  readonly path?: boolean;
  /** false: vsftpd's post-login loop does not know the verb (AUTH): 500 Unknown command. */
  readonly postLogin?: false;
  /** Only on a clear control connection (AUTH); on TLS, vsftpd's pre-login loop answers 530. */
  readonly clearOnly?: true;
}

/** HELP's list, laid out as vsftpd lays it out. */
export const HELP_LINES = [
  " ABOR ACCT ALLO APPE CDUP CWD  DELE EPRT EPSV FEAT HELP LIST MDTM MKD",
  " MODE NLST NOOP OPTS PASS PASV PORT PWD  QUIT REIN REST RETR RMD  RNFR",
  " RNTO SITE SIZE SMNT STAT STOR STOU STRU SYST TYPE USER XCUP XCWD XMKD",
  " XPWD XRMD",
];
