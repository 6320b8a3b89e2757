/**
 * What the server needs to know, derived from the EFFECTIVE vsftpd options
 * (the interpreter lint uses: `interpret(...).effective`), plus what a
 * vsftpd.conf cannot say: where to listen, the root standing in for the
 * anonymous and local roots, and local users (name and password, never
 * system accounts).
 */
import type { Value } from "../vsftpd/option-spec.js";
import { serverTls, TLS_EMULATED, type Pem, type ServerTls } from "./tls-options.js";

/** vsftpd's option getter: `Effective.get` from src/vsftpd/interpret.ts. */
export type OptionGetter = (name: string) => Value;

export interface LocalUser {
  readonly name: string;
  readonly password: string;
}

export interface ServerOptions {
  readonly address: string;
  /** 0: the kernel picks a free port. */
  readonly port: number;
  readonly anonymousEnable: boolean;
  readonly localEnable: boolean;
  /** Host directory anonymous sessions are jailed in; undefined refuses anonymous logins at start. */
  readonly anonRoot?: string;
  /** Host directory local users start in (their home); chroot_local_user jails them there. */
  readonly localRoot?: string;
  readonly users: readonly LocalUser[];
  readonly writeEnable: boolean;
  readonly anonUploadEnable: boolean;
  readonly anonMkdirWriteEnable: boolean;
  readonly anonOtherWriteEnable: boolean;
  readonly anonWorldReadableOnly: boolean;
  readonly chrootLocalUser: boolean;
  readonly allowWriteableChroot: boolean;
  readonly chmodEnable: boolean;
  /** deny_file: names no command may touch; hide_file: names listings leave out. */
  readonly denyFile?: string;
  readonly hideFile?: string;
  readonly downloadEnable: boolean;
  readonly dirlistEnable: boolean;
  readonly pasvEnable: boolean;
  readonly pasvPromiscuous: boolean;
  /** pasv_address: the IPv4 address PASV replies name instead of the control connection's. */
  readonly pasvAddress?: string;
  readonly portEnable: boolean;
  readonly portPromiscuous: boolean;
  readonly connectTimeoutMs: number;
  /** The effective passive range, after vsftpd's own corrections. */
  readonly pasvMinPort: number;
  readonly pasvMaxPort: number;
  readonly banner?: string;
  readonly cmdsAllowed?: readonly string[];
  readonly cmdsDenied?: readonly string[];
  readonly hideIds: boolean;
  readonly forceDotFiles: boolean;
  readonly useLocaltime: boolean;
  readonly localUmask: number;
  readonly anonUmask: number;
  readonly fileOpenMode: number;
  readonly maxLoginFails: number;
  readonly delayFailedLoginMs: number;
  readonly dataConnectionTimeoutMs: number;
  readonly idleSessionTimeoutMs: number;
  readonly utf8Filesystem: boolean;
  /** 0: no limit. */
  readonly maxClients: number;
  readonly maxPerIp: number;
  readonly asciiDownloadEnable: boolean;
  readonly asciiUploadEnable: boolean;
  /** chroot_list_enable: users whose chroot_local_user treatment is inverted. */
  readonly chrootList?: readonly string[];
  /** userlist_enable with the names of userlist_file; undefined when the list is off. */
  readonly userlist?: { readonly deny: boolean; readonly names: readonly string[] };
  /** ftp_username: whose write access to the anonymous root vsftpd's chroot check asks about (run as root). */
  readonly ftpUsername: string;
  /** no_anon_password: USER ftp logs in at once, as if "<no password>" had been typed. */
  readonly noAnonPassword: boolean;
  /** deny_email_enable: anonymous passwords refused (banned_email_file's lines). */
  readonly bannedEmails?: readonly string[];
  /** secure_email_list_enable: the only anonymous passwords taken (email_password_file's lines). */
  readonly emailPasswords?: readonly string[];
  /** ssl_enable=YES: explicit FTPS (AUTH TLS, PBSZ, PROT) with these settings. */
  readonly tls?: ServerTls;
}

/** What a caller says beside the vsftpd options. */
export interface ServerOverrides {
  readonly address?: string;
  readonly port?: number;
  /** Stands in for anon_root and local_root. */
  readonly root?: string;
  readonly users?: readonly LocalUser[];
  /**
   * The lines of userlist_file, read by the caller (vsftpd reads it only with
   * local_enable=YES; without it the list is empty).
   */
  readonly userlistNames?: readonly string[];
  /** banner_file's text, read by the caller; it replaces ftpd_banner, as in vsftpd. */
  readonly bannerFileText?: string;
  /** The lines of chroot_list_file, read by the caller when chroot_list_enable=YES. */
  readonly chrootListNames?: readonly string[];
  /** The text of banned_email_file, read by the caller when deny_email_enable=YES. */
  readonly bannedEmailText?: string;
  /** The text of email_password_file, read by the caller when secure_email_list_enable=YES. */
  readonly emailPasswordText?: string;
  /** PEM text standing in for rsa_cert_file's content (the certificate chain), read by the caller. */
  readonly cert?: Pem;
  /** PEM text standing in for rsa_private_key_file's content; without it the key is taken from `cert`, as in vsftpd. */
  readonly key?: Pem;
}

const bool = (get: OptionGetter, name: string) => get(name) === true;
const uint = (get: OptionGetter, name: string) => (typeof get(name) === "number" ? (get(name) as number) : 0);
const str = (get: OptionGetter, name: string) => {
  const v = get(name);
  return typeof v === "string" ? v : undefined;
};

/** vsftpd's command lists: comma-separated, compared exactly (no trimming, no case folding). */
const list = (v: string | undefined) => (v === undefined ? undefined : v.split(",").filter((c) => c !== ""));

/**
 * A list file as vsftpd's str_contains_line reads it: lines end at \n only
 * (a \r stays part of the line), an empty line is a line; an empty file is
 * no list at all (vsftpd skips the check on an empty text).
 */
export function vsftpdLines(text: string | undefined): string[] | undefined {
  if (text === undefined || text === "") return undefined;
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/**
 * The passive range vsftpd actually uses (twoprocess/privops: the min counts
 * only when >1024 and <=65535, the max only when >= that min and <65535).
 */
export function passiveRange(min: number, max: number): { min: number; max: number } {
  const lo = min > 1024 && min <= 65535 ? min : 1024;
  const hi = max >= lo && max < 65535 ? max : 65535;
  return { min: lo, max: hi };
}

export function serverOptions(get: OptionGetter, o: ServerOverrides = {}): ServerOptions {
  const range = passiveRange(uint(get, "pasv_min_port"), uint(get, "pasv_max_port"));
  const anonRoot = o.root ?? str(get, "anon_root");
  const localRoot = o.root ?? str(get, "local_root");
  // vsftpd greets with banner_file's lines as "220-" lines, then an empty "220 ".
  const banner = o.bannerFileText !== undefined ? `${o.bannerFileText.replace(/\r?\n$/, "")}\n` : str(get, "ftpd_banner");
  const cmdsAllowed = list(str(get, "cmds_allowed"));
  const cmdsDenied = list(str(get, "cmds_denied"));
  const tls = serverTls(get, { ...(o.cert !== undefined ? { cert: o.cert } : {}), ...(o.key !== undefined ? { key: o.key } : {}) });
  return {
    address: o.address ?? "127.0.0.1",
    port: o.port ?? 0,
    anonymousEnable: bool(get, "anonymous_enable"),
    localEnable: bool(get, "local_enable"),
    ...(anonRoot !== undefined ? { anonRoot } : {}),
    ...(localRoot !== undefined ? { localRoot } : {}),
    users: o.users ?? [],
    writeEnable: bool(get, "write_enable"),
    anonUploadEnable: bool(get, "anon_upload_enable"),
    anonMkdirWriteEnable: bool(get, "anon_mkdir_write_enable"),
    anonOtherWriteEnable: bool(get, "anon_other_write_enable"),
    anonWorldReadableOnly: bool(get, "anon_world_readable_only"),
    chrootLocalUser: bool(get, "chroot_local_user"),
    allowWriteableChroot: bool(get, "allow_writeable_chroot"),
    chmodEnable: bool(get, "chmod_enable"),
    ...(str(get, "deny_file") !== undefined ? { denyFile: str(get, "deny_file")! } : {}),
    ...(str(get, "hide_file") !== undefined ? { hideFile: str(get, "hide_file")! } : {}),
    downloadEnable: bool(get, "download_enable"),
    dirlistEnable: bool(get, "dirlist_enable"),
    pasvEnable: bool(get, "pasv_enable"),
    pasvPromiscuous: bool(get, "pasv_promiscuous"),
    ...(str(get, "pasv_address") !== undefined ? { pasvAddress: str(get, "pasv_address")! } : {}),
    portEnable: bool(get, "port_enable"),
    portPromiscuous: bool(get, "port_promiscuous"),
    connectTimeoutMs: uint(get, "connect_timeout") * 1000,
    pasvMinPort: range.min,
    pasvMaxPort: range.max,
    ...(banner !== undefined ? { banner } : {}),
    ...(cmdsAllowed ? { cmdsAllowed } : {}),
    ...(cmdsDenied ? { cmdsDenied } : {}),
    hideIds: bool(get, "hide_ids"),
    forceDotFiles: bool(get, "force_dot_files"),
    useLocaltime: bool(get, "use_localtime"),
    localUmask: uint(get, "local_umask"),
    anonUmask: uint(get, "anon_umask"),
    fileOpenMode: uint(get, "file_open_mode"),
    maxLoginFails: uint(get, "max_login_fails"),
    delayFailedLoginMs: uint(get, "delay_failed_login") * 1000,
    dataConnectionTimeoutMs: uint(get, "data_connection_timeout") * 1000,
    idleSessionTimeoutMs: uint(get, "idle_session_timeout") * 1000,
    utf8Filesystem: bool(get, "utf8_filesystem"),
    maxClients: uint(get, "max_clients"),
    maxPerIp: uint(get, "max_per_ip"),
    asciiDownloadEnable: bool(get, "ascii_download_enable"),
    asciiUploadEnable: bool(get, "ascii_upload_enable"),
    ...(bool(get, "chroot_list_enable") ? { chrootList: o.chrootListNames ?? [] } : {}),
    ...(bool(get, "userlist_enable") ? { userlist: { deny: bool(get, "userlist_deny"), names: o.userlistNames ?? [] } } : {}),
    ftpUsername: str(get, "ftp_username") ?? "ftp",
    noAnonPassword: bool(get, "no_anon_password"),
    ...(bool(get, "deny_email_enable") && vsftpdLines(o.bannedEmailText) ? { bannedEmails: vsftpdLines(o.bannedEmailText)! } : {}),
    ...(bool(get, "secure_email_list_enable") && vsftpdLines(o.emailPasswordText) ? { emailPasswords: vsftpdLines(o.emailPasswordText)! } : {}),
    ...(tls ? { tls } : {}),
  };
}

/** Options serverOptions reads: the server does what vsftpd does with them. */
export const EMULATED: ReadonlySet<string> = new Set([
  "anonymous_enable", "local_enable", "anon_root", "local_root", "write_enable", "anon_upload_enable",
  "anon_mkdir_write_enable", "anon_other_write_enable", "anon_world_readable_only", "chroot_local_user",
  "download_enable", "dirlist_enable", "pasv_enable", "pasv_promiscuous", "port_enable", "port_promiscuous", "connect_timeout", "pasv_min_port", "pasv_max_port",
  "ftpd_banner", "cmds_allowed", "cmds_denied", "hide_ids", "force_dot_files", "use_localtime", "local_umask",
  "anon_umask", "file_open_mode", "max_login_fails", "delay_failed_login", "data_connection_timeout",
  "idle_session_timeout", "utf8_filesystem", "max_clients", "max_per_ip",
  "userlist_enable", "userlist_deny", "userlist_file", "chroot_list_enable", "chroot_list_file",
  "ascii_download_enable", "ascii_upload_enable", "allow_writeable_chroot", "chmod_enable", "deny_file", "hide_file", "banner_file", "pasv_address",
  "ftp_username", "no_anon_password", "deny_email_enable", "banned_email_file", "secure_email_list_enable", "email_password_file",
  ...TLS_EMULATED,
]);

/**
 * Options that mean nothing for an embedded server: how vsftpd listens,
 * forks, sandboxes and logs, which the server's own flags and process
 * replace. Everything else that differs from the build's default is named
 * at start-up as not emulated.
 */
export const NOT_APPLICABLE: ReadonlySet<string> = new Set([
  "listen", "listen_ipv6", "listen_port", "listen_address", "listen_address6", "background", "run_as_launching_user",
  "one_process_model", "seccomp_sandbox", "isolate", "isolate_network", "ptrace_sandbox", "nopriv_user",
  "secure_chroot_dir", "pam_service_name", "session_support", "setproctitle_enable", "tcp_wrappers",
  "syslog_enable", "xferlog_enable", "xferlog_std_format", "xferlog_file", "vsftpd_log_file", "dual_log_enable",
  "log_ftp_protocol", "ftp_enable", "check_shell", "guest_username",
  "connect_from_port_20", "ftp_data_port", "text_userdb_names",
]);
