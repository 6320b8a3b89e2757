/**
 * THE client matrix: which tutorial commands each real client runs, on
 * which configuration, and what vsftpd 3.0.3 answers. The table is the
 * truth about vsftpd (the differential test checks it against the real
 * binary); the embedded server must answer the same, except for the rows
 * of docs/serve.md's "Known differences" table.
 */

/** The tutorial's client commands. */
export const COMMANDS = ["pwd", "ls", "cd", "get", "mget", "put", "mput", "delete", "mkdir", "rmdir", "binary", "ascii"] as const;
export type Command = (typeof COMMANDS)[number];

export const CLIENTS = ["curl", "curl-active", "lftp", "tnftp", "ftplib", "basic-ftp"] as const;
export type Client = (typeof CLIENTS)[number];

/**
 * Who runs what. Every command is run by at least two clients, and every
 * client runs on every configuration. curl has no command for pwd, cd,
 * binary or ascii of its own (it sends them as part of a transfer), and
 * lftp's pwd is local; `curl -P -` (active mode) only transfers.
 */
export const RUNS: Readonly<Record<Client, readonly Command[]>> = {
  curl: ["ls", "get", "mget", "put", "mput", "delete", "mkdir", "rmdir"],
  "curl-active": ["ls", "get", "put"],
  lftp: ["cd", "ls", "get", "mget", "put", "mput", "delete", "mkdir", "rmdir"],
  tnftp: COMMANDS,
  ftplib: COMMANDS,
  "basic-ftp": COMMANDS,
};

/** What a login is: the anonymous user, or the local test account (on the embedded server, its --user). */
export type Login = "anonymous" | "local";

/**
 * How the tree is laid out and owned, as the profile's `apply` would make it:
 *   anonymous: a root-owned root, `pub/` readable by all;
 *   dropbox:   a root-owned root, `incoming/` root:ftp 0730 (enter and write, not read), files root's 0600;
 *   home:      the user's own directory (not jailed);
 *   jail:      a root-owned 0555 jail, the user writes in `files/`;
 *   ro-jail:   a root-owned 0755 jail root, nothing to write (write_enable=NO).
 */
export type Layout = "anonymous" | "dropbox" | "home" | "jail" | "ro-jail";

export interface MatrixConfig {
  readonly name: string;
  /** A built-in profile composition, or a vsftpd.conf fixture served as it is. */
  readonly source: { readonly profiles: readonly string[] } | { readonly fixture: string };
  readonly login: Login;
  readonly layout: Layout;
  /** Needs a certificate (ssl_enable=YES). */
  readonly tls?: boolean;
  /** What vsftpd answers to each command. */
  readonly expect: Readonly<Record<Command, Verdict>>;
  /** Whether PORT/EPRT work (port_enable): curl -P - transfers, or gets 550. */
  readonly active: boolean;
}

export type Verdict = "allow" | "deny";

const A = "allow" as const;
const D = "deny" as const;
const row = (v: readonly Verdict[]): Record<Command, Verdict> => Object.fromEntries(COMMANDS.map((c, i) => [c, v[i]!])) as Record<Command, Verdict>;

//                      pwd ls cd get mget put mput delete mkdir rmdir binary ascii
const READ_ONLY = row([A, A, A, A, A, D, D, D, D, D, A, A]);
const READ_WRITE = row([A, A, A, A, A, A, A, A, A, A, A, A]);
// Uploads only: the drop box cannot be read (its files are root's 0600), and nothing may be removed or made.
const DROP_BOX = row([A, A, A, D, D, A, A, D, D, D, A, A]);

export const CONFIGS: readonly MatrixConfig[] = [
  { name: "anonymous", source: { profiles: ["anonymous"] }, login: "anonymous", layout: "anonymous", expect: READ_ONLY, active: false },
  { name: "local", source: { profiles: ["local"] }, login: "local", layout: "home", expect: READ_WRITE, active: false },
  { name: "jailed", source: { profiles: ["jailed"] }, login: "local", layout: "jail", expect: READ_WRITE, active: false },
  { name: "dropbox", source: { profiles: ["dropbox"] }, login: "anonymous", layout: "dropbox", expect: DROP_BOX, active: false },
  { name: "ftps", source: { profiles: ["jailed", "ftps"] }, login: "local", layout: "jail", tls: true, expect: READ_WRITE, active: false },
  { name: "anonymous-readonly.conf", source: { fixture: "examples/anonymous-readonly.conf" }, login: "anonymous", layout: "anonymous", expect: READ_ONLY, active: true },
  { name: "seed-jailed.conf", source: { fixture: "examples/seed-jailed.conf" }, login: "local", layout: "ro-jail", expect: READ_ONLY, active: true },
  { name: "debian-default.conf", source: { fixture: "examples/debian-default.conf" }, login: "local", layout: "home", expect: READ_ONLY, active: true },
];

/**
 * Whether a client speaks TLS on this configuration (the ftps rows: curl
 * --ssl-reqd, lftp ftp:ssl-force, FTP_TLS, basic-ftp secure). tnftp has no
 * FTPS: there it stays in cleartext and both servers refuse it (530 at USER).
 */
export const usesTls = (c: MatrixConfig, client: Client): boolean => c.tls === true && client !== "tnftp";

/** What vsftpd answers one client's command on one configuration. */
export function expected(c: MatrixConfig, client: Client, command: Command): Verdict {
  if (c.tls && !usesTls(c, client)) return "deny";
  if (client === "curl-active" && !c.active) return "deny";
  return c.expect[command];
}

export interface Case {
  readonly config: MatrixConfig;
  readonly client: Client;
  readonly command: Command;
  readonly expect: Verdict;
}

/** Every (configuration, client, command) the matrix runs. */
export const CASES: readonly Case[] = CONFIGS.flatMap((config) =>
  CLIENTS.flatMap((client) => RUNS[client].map((command) => ({ config, client, command, expect: expected(config, client, command) }))),
);
