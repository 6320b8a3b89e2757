/**
 * `ftpctl serve`: the embedded server on a profile or a vsftpd.conf, until
 * the CLI layer's signal says stop. Prints the URL, a warning per option it
 * does not emulate, and one line per session event.
 */
import type { Io } from "../../core/io.js";
import { passwordLine, readInput } from "../../core/read-input.js";
import { FtpctlError, UsageError } from "../../core/errors.js";
import { errnoCode } from "../../core/errno.js";
import { resolveDistro } from "../../host/distro.js";
import { defaultFor, optionsFor } from "../../vsftpd/registry.js";
import type { Distro } from "../../vsftpd/option-spec.js";
import { isProfilePath } from "../../profile/profile-path.js";
import { plainServedConfig, type ServedConfig } from "../../server/plain-config.js";
import { formatEvent } from "../../server/events.js";
import { openLog } from "../../server/log-file.js";
import { EMULATED, NOT_APPLICABLE, serverOptions, type LocalUser } from "../../server/options.js";
import { startServer, type RunningServer } from "../../server/server.js";
import { readTlsFiles, tlsFileError } from "../../server/tls-files.js";

export interface ServeArgs {
  readonly file: string | undefined;
  readonly set: readonly string[];
  readonly distro: string;
  readonly port: number;
  /** Undefined: loopback, ::1 when the configuration says listen_ipv6=YES, else 127.0.0.1. */
  readonly address: string | undefined;
  readonly root: string | undefined;
  readonly user: readonly string[];
  /** --log FILE: every event line appended there too. */
  readonly log?: string;
  /** PEM files standing in for rsa_cert_file and rsa_private_key_file. */
  readonly cert?: string | undefined;
  readonly key?: string | undefined;
}

/** NAME:PASSWORDFILE; the password is the file's first line, never a command-line word. */
export function parseUser(spec: string): LocalUser {
  const colon = spec.indexOf(":");
  if (colon <= 0 || colon === spec.length - 1) throw new UsageError(`--user takes NAME:PASSWORDFILE, not '${spec}'`);
  const name = spec.slice(0, colon);
  const file = spec.slice(colon + 1);
  const password = passwordLine(file);
  if (password === "") throw new UsageError(`${file}: the password file is empty`);
  return { name, password };
}

/** A user list is a few names a line; a megabyte is far beyond any real one. */
const USERLIST_INPUT = { noun: "a user list", tooLargeFor: "a user list", maxBytes: 1024 * 1024 } as const;

/** A greeting: a screenful is the point; 64 KiB is generous. */
const BANNER_INPUT = { noun: "a banner file", tooLargeFor: "a banner file", maxBytes: 64 * 1024 } as const;

/** vsftpd reads these lists (str_fileread) up to VSFTP_CONF_FILE_MAX bytes and ignores the rest. */
const EMAIL_INPUT = { noun: "an e-mail list", tooLargeFor: "an e-mail list", maxBytes: 1024 * 1024 } as const;
const VSFTP_CONF_FILE_MAX = 100_000;

/** A list file vsftpd reads whole (deny_email_enable, secure_email_list_enable), when its switch is on. */
function readListText(cfg: ServedConfig, enable: string, fileOption: string): string | undefined {
  const file = cfg.get(fileOption);
  if (cfg.get(enable) !== true || typeof file !== "string") return undefined;
  return readInput(file, EMAIL_INPUT).subarray(0, VSFTP_CONF_FILE_MAX).toString("utf8");
}

/** The names in a list file vsftpd consults (one a line), when its switch is on. */
function readNameList(cfg: ServedConfig, enable: string, fileOption: string): string[] | undefined {
  const file = cfg.get(fileOption);
  if (cfg.get(enable) !== true || typeof file !== "string") return undefined;
  return readInput(file, USERLIST_INPUT).toString("utf8").split("\n").filter((l) => l !== "");
}

/**
 * userlist_file's names when vsftpd would read it (userlist_enable and
 * local_enable, session check P16); its refusal to run without it is lint's.
 */
export function readUserlist(cfg: ServedConfig): string[] | undefined {
  if (cfg.get("local_enable") !== true) return undefined;
  return readNameList(cfg, "userlist_enable", "userlist_file");
}

/** Options that differ from the build's default and that the server neither emulates nor can ignore. */
export function notEmulated(cfg: ServedConfig, distro: Distro): string[] {
  return optionsFor(distro)
    .filter((o) => !EMULATED.has(o.name) && !NOT_APPLICABLE.has(o.name) && cfg.get(o.name) !== defaultFor(o, distro))
    .map((o) => o.name);
}

/** serve's profile half, loaded on first need: a plain vsftpd.conf never needs it (start-up, bench/serve-startup.mjs). */
let profileHalf: Promise<typeof import("./profile.js")> | undefined;

function servedConfig(a: ServeArgs, distro: Distro): ServedConfig | Promise<ServedConfig> {
  if (a.file === undefined || !isProfilePath(a.file)) return plainServedConfig(a.file, distro);
  const file = a.file;
  return (profileHalf ??= import("./profile.js")).then((m) => m.loadServedConfig(file, { set: a.set, distro }));
}

/** A listener the system refused (the port taken, a privileged port, an address not on this host): one line. */
function listenError(err: unknown, address: string, port: number): FtpctlError | undefined {
  const code = errnoCode(err);
  if (code !== "EADDRINUSE" && code !== "EACCES" && code !== "EADDRNOTAVAIL" && code !== "EPERM") return undefined;
  const where = address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
  const why = code === "EADDRINUSE" ? "the port is in use (another FTP server?)" : code === "EADDRNOTAVAIL" ? "that address is not on this host" : "permission denied (ports below 1024 need root)";
  return new FtpctlError(`cannot listen on ${where}: ${why}`);
}

/** Starts the server and prints what it does; the returned server is the caller's to close. */
export async function startServe(a: ServeArgs, io: Io): Promise<RunningServer> {
  const distro = resolveDistro(a.distro);
  const users = a.user.map(parseUser);
  const cfg = await servedConfig(a, distro);
  for (const w of cfg.warnings) io.stderr(`${w.file}:${w.line}: warning: ${w.message} [${w.code}]\n`);
  const skipped = notEmulated(cfg, distro);
  if (skipped.length) io.stderr(`ftpctl: warning: the embedded server does not emulate ${skipped.join(", ")}; they are ignored\n`);
  const userlistNames = readUserlist(cfg);
  const chrootListNames = readNameList(cfg, "chroot_list_enable", "chroot_list_file");
  const bannerFile = cfg.get("banner_file");
  const bannerFileText = typeof bannerFile === "string" ? readInput(bannerFile, BANNER_INPUT).toString("utf8") : undefined;
  const bannedEmailText = readListText(cfg, "deny_email_enable", "banned_email_file");
  const emailPasswordText = readListText(cfg, "secure_email_list_enable", "email_password_file");
  const address = a.address ?? (cfg.get("listen_ipv6") === true ? "::1" : "127.0.0.1");
  const tls = readTlsFiles(cfg.get, a);
  const pem = tls ? { cert: tls.cert, ...(tls.key ? { key: tls.key } : {}) } : {};
  const o = serverOptions(cfg.get, { address, port: a.port, ...(a.root !== undefined ? { root: a.root } : {}), users, ...(userlistNames ? { userlistNames } : {}), ...(chrootListNames ? { chrootListNames } : {}), ...(bannerFileText !== undefined ? { bannerFileText } : {}), ...(bannedEmailText !== undefined ? { bannedEmailText } : {}), ...(emailPasswordText !== undefined ? { emailPasswordText } : {}), ...pem });
  if (o.anonymousEnable && o.anonRoot === undefined) throw new UsageError("anonymous logins need a directory: give --root DIR or set anon_root");
  if (o.localEnable && users.length && o.localRoot === undefined) throw new UsageError("local users need a directory: give --root DIR or set local_root");
  const log = a.log === undefined ? undefined : openLog(a.log, (err) => io.stderr(`ftpctl: warning: ${err.message}\n`));
  let server: RunningServer;
  try {
    server = await startServer({
      ...o,
      onEvent: (e) => {
        io.stdout(formatEvent(e) + "\n");
        log?.write(e);
      },
    });
  } catch (err) {
    log?.close();
    throw listenError(err, o.address, o.port) ?? tlsFileError(err, tls);
  }
  io.stdout(`serving ${server.url}\n`);
  if (!log) return server;
  // The log closes after the last session's last event.
  return { ...server, close: () => server.close().then(() => log.close()) };
}

/** Serves until `stop` resolves (the CLI's Ctrl-C), then closes every session. */
export async function serveCommand(a: ServeArgs, io: Io, stop: Promise<unknown>): Promise<number> {
  let server: RunningServer;
  try {
    server = await startServe(a, io);
  } catch (err) {
    const code = profileHalf ? (await profileHalf).reportProfileFailure(err, io) : undefined;
    if (code !== undefined) return code;
    throw err;
  }
  await stop;
  await server.close();
  io.stdout("stopped\n");
  return 0;
}

