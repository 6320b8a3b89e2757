/**
 * The one registry of vsftpd options. The parser, lint rules, renderer,
 * profile schema and docs all read this table; nothing else lists options.
 *
 * Upstream and Debian values were read from the vsftpd 3.0.3 binary
 * (Debian 3.0.3-13); RHEL values come from the Fedora tree and are
 * recorded where known, not checked against a RHEL binary.
 */
import type { OptionSpec } from "./option-spec.js";

const DEBIAN_ONLY = ["debian"] as const;
const RHEL_ONLY = ["rhel"] as const;
/** Options upstream ships but no man page documents. */
const UNDOCUMENTED = true;
/**
 * Linux's PATH_MAX is 4096 bytes with the terminating NUL: a longer path
 * fails with ENAMETOOLONG (vsftpd's own path buffers, VSFTP_PATH_MAX, are
 * 4096 bytes too).
 */
export const PATH_BYTES = 4095;
/**
 * vsftpd reads other strings without a limit of its own; the only bound is
 * the 100,000 bytes it reads of the file (VSFTP_CONF_FILE_MAX). 4096 bytes
 * (VSFTP_MAX_COMMAND_LINE, the longest line vsftpd reads from a client) lets
 * every string field of a structured profile be at its limit and the file
 * still fit; only the vsftpd: escape hatch can exceed the file, and the
 * profile layer checks the rendered size for that.
 */
export const TEXT_BYTES = 4096;

const TABLE = [
  { name: "allow_anon_ssl", kind: "bool", default: false, doc: "Let anonymous users use TLS." },
  { name: "allow_writeable_chroot", kind: "bool", default: false, doc: "Allow a chroot root writable by the local user (does not apply to anonymous sessions).", undocumented: UNDOCUMENTED },
  { name: "anon_mkdir_write_enable", kind: "bool", default: false, doc: "Let anonymous users create directories (also needs write_enable=YES)." },
  { name: "anon_other_write_enable", kind: "bool", default: false, doc: "Let anonymous users delete/rename/etc. (also needs write_enable=YES)." },
  { name: "anon_upload_enable", kind: "bool", default: false, doc: "Let anonymous users upload (also needs write_enable=YES)." },
  { name: "anon_world_readable_only", kind: "bool", default: true, doc: "Anonymous users may only download world-readable files." },
  { name: "anonymous_enable", kind: "bool", default: true, doc: 'Allow anonymous logins (user names "ftp" and "anonymous").' },
  { name: "ascii_download_enable", kind: "bool", default: false, doc: "Honour ASCII mode (line-ending conversion) on downloads." },
  { name: "ascii_upload_enable", kind: "bool", default: false, doc: "Honour ASCII mode (line-ending conversion) on uploads." },
  { name: "async_abor_enable", kind: "bool", default: false, doc: 'Support the out-of-band "async ABOR" command some clients need.' },
  { name: "background", kind: "bool", default: false, rhel: true, doc: "In standalone mode, fork into the background." },
  { name: "check_shell", kind: "bool", default: true, doc: "Require a shell listed in /etc/shells (non-PAM builds only)." },
  { name: "chmod_enable", kind: "bool", default: true, doc: "Allow SITE CHMOD (local users only)." },
  { name: "chown_uploads", kind: "bool", default: false, doc: "Give anonymously uploaded files to chown_username." },
  { name: "chroot_list_enable", kind: "bool", default: false, doc: "Use chroot_list_file as a list of users whose chroot treatment is inverted." },
  { name: "chroot_local_user", kind: "bool", default: false, doc: "Chroot local users into their home (or local_root) after login." },
  { name: "connect_from_port_20", kind: "bool", default: false, doc: "Source active (PORT) data connections from ftp_data_port (needs privilege)." },
  { name: "debug_ssl", kind: "bool", default: false, doc: "Log OpenSSL diagnostics to the vsftpd log." },
  { name: "delete_failed_uploads", kind: "bool", default: false, doc: "Delete files whose upload failed." },
  { name: "deny_email_enable", kind: "bool", default: false, doc: "Refuse anonymous passwords (e-mail addresses) listed in banned_email_file." },
  { name: "dirlist_enable", kind: "bool", default: true, doc: "Allow directory listing commands." },
  { name: "dirmessage_enable", kind: "bool", default: false, doc: "Show the contents of message_file when a user enters a directory." },
  { name: "download_enable", kind: "bool", default: true, doc: "Allow downloads (RETR); NO refuses all downloads." },
  { name: "dual_log_enable", kind: "bool", default: false, doc: "Write both the xferlog-format and the vsftpd-format logs." },
  { name: "force_anon_data_ssl", kind: "bool", default: false, doc: "With ssl_enable: anonymous users must use TLS for data connections." },
  { name: "force_anon_logins_ssl", kind: "bool", default: false, doc: "With ssl_enable: anonymous users must use TLS for login." },
  { name: "force_dot_files", kind: "bool", default: false, doc: 'List dot-files even without "ls -a".' },
  { name: "force_local_data_ssl", kind: "bool", default: true, doc: "With ssl_enable: local users must use TLS for data connections." },
  { name: "force_local_logins_ssl", kind: "bool", default: true, doc: "With ssl_enable: local users must use TLS before sending a password." },
  { name: "ftp_enable", kind: "bool", default: true, doc: "Speak FTP on the control connection.", undocumented: UNDOCUMENTED },
  { name: "guest_enable", kind: "bool", default: false, doc: "Map every non-anonymous login to guest_username (virtual users)." },
  { name: "hide_ids", kind: "bool", default: false, doc: 'Show every file as owned by user and group "ftp" in listings.' },
  { name: "http_enable", kind: "bool", default: false, doc: "Experimental: answer HTTP GET instead of FTP (needs one_process_model).", undocumented: UNDOCUMENTED },
  { name: "implicit_ssl", kind: "bool", default: false, doc: "Implicit FTPS: TLS handshake first on every connection." },
  { name: "isolate", kind: "bool", default: true, doc: "Run sessions in new PID and IPC namespaces when the kernel allows.", undocumented: UNDOCUMENTED },
  { name: "isolate_network", kind: "bool", default: true, doc: "Run unprivileged session processes in a new network namespace.", undocumented: UNDOCUMENTED },
  { name: "listen", kind: "bool", default: true, debian: false, doc: "Standalone mode on an IPv4 socket (otherwise expects to be launched by inetd)." },
  { name: "listen_ipv6", kind: "bool", default: false, doc: "Standalone mode on an IPv6 socket (mutually exclusive with listen)." },
  { name: "local_enable", kind: "bool", default: false, doc: "Allow logins by local (passwd/PAM) users; also required for virtual (guest) users." },
  { name: "lock_upload_files", kind: "bool", default: true, doc: "Take a write lock on uploads and a read lock on downloads." },
  { name: "log_ftp_protocol", kind: "bool", default: false, doc: "Log every FTP request/response (with xferlog_std_format=NO)." },
  { name: "ls_recurse_enable", kind: "bool", default: false, doc: 'Allow "ls -R".' },
  { name: "mdtm_write", kind: "bool", default: true, doc: "Allow MDTM to set modification times." },
  { name: "no_anon_password", kind: "bool", default: false, doc: "Do not ask anonymous users for a password." },
  { name: "no_log_lock", kind: "bool", default: false, doc: "Do not lock log files when writing (OS-bug workaround)." },
  { name: "one_process_model", kind: "bool", default: false, doc: "Run each session as a single process (anonymous-only, needs capabilities; experimental)." },
  { name: "passwd_chroot_enable", kind: "bool", default: false, doc: 'With chroot: a "/./" in the passwd home directory marks the chroot point.' },
  { name: "pasv_addr_resolve", kind: "bool", default: false, doc: "Treat pasv_address as a host name and resolve it once at startup." },
  { name: "pasv_enable", kind: "bool", default: true, doc: "Allow the PASV/EPSV method of opening data connections." },
  { name: "pasv_promiscuous", kind: "bool", default: false, doc: "Disable the check that the PASV data connection comes from the control-connection IP." },
  { name: "port_enable", kind: "bool", default: true, doc: "Allow the PORT/EPRT method of opening data connections." },
  { name: "port_promiscuous", kind: "bool", default: false, doc: "Disable PORT security checks (target IP must equal client IP, no privileged ports)." },
  { name: "ptrace_sandbox", kind: "bool", default: false, doc: "Experimental ptrace sandbox (needs one_process_model; 32-bit builds only).", undocumented: UNDOCUMENTED },
  { name: "require_cert", kind: "bool", default: false, doc: "TLS clients must present a client certificate." },
  { name: "require_ssl_reuse", kind: "bool", default: true, doc: "TLS data connections must reuse the control connection TLS session." },
  { name: "run_as_launching_user", kind: "bool", default: false, doc: "Run as the user who started vsftpd (no root needed; reduced security)." },
  { name: "seccomp_sandbox", kind: "bool", default: true, debian: false, rhel: false, doc: "Confine session processes with a seccomp syscall filter.", undocumented: UNDOCUMENTED },
  { name: "secure_email_list_enable", kind: "bool", default: false, doc: "Anonymous logins only with a password listed in email_password_file." },
  { name: "session_support", kind: "bool", default: false, doc: "Keep a PAM session open and update utmp/wtmp." },
  { name: "setproctitle_enable", kind: "bool", default: false, doc: "Show session status in the process list (ps)." },
  { name: "ssl_enable", kind: "bool", default: false, doc: "Enable explicit FTPS (AUTH TLS) support." },
  { name: "ssl_request_cert", kind: "bool", default: true, doc: "Ask (not require) TLS clients for a certificate." },
  { name: "ssl_sslv2", kind: "bool", default: false, doc: "Permit SSLv2 (ignored by modern OpenSSL)." },
  { name: "ssl_sslv3", kind: "bool", default: false, doc: "Permit SSLv3." },
  { name: "ssl_tlsv1", kind: "bool", default: true, rhel: false, doc: "Permit TLS 1.0 (in 3.0.3 TLS 1.1/1.2/1.3 are not governed by any option)." },
  { name: "strict_ssl_read_eof", kind: "bool", default: true, doc: "TLS uploads must end with a TLS close, not a bare TCP EOF." },
  { name: "strict_ssl_write_shutdown", kind: "bool", default: false, doc: "TLS downloads must be ended by the client with a TLS close." },
  { name: "syslog_enable", kind: "bool", default: false, doc: "Send the vsftpd-format log to syslog (FTP facility) instead of vsftpd_log_file." },
  { name: "tcp_wrappers", kind: "bool", default: false, doc: "Check connections against tcp_wrappers (hosts.allow/deny); enables per-IP config via VSFTPD_LOAD_CONF." },
  { name: "text_userdb_names", kind: "bool", default: false, doc: "Show user/group names instead of numeric ids in listings." },
  { name: "tilde_user_enable", kind: "bool", default: false, doc: "Resolve ~username paths." },
  { name: "use_localtime", kind: "bool", default: false, doc: "Show local time (not GMT) in listings and MDTM." },
  { name: "use_sendfile", kind: "bool", default: true, doc: "Use sendfile() for downloads." },
  { name: "userlist_deny", kind: "bool", default: true, doc: "With userlist_enable: YES = listed users are denied; NO = only listed users are allowed." },
  { name: "userlist_enable", kind: "bool", default: false, doc: "Consult userlist_file at USER time." },
  { name: "utf8_filesystem", kind: "bool", default: false, distros: DEBIAN_ONLY, doc: "advertise UTF8 in the FEAT reply.", undocumented: UNDOCUMENTED },
  { name: "validate_cert", kind: "bool", default: false, doc: "Client certificates must verify (self-signed fails)." },
  { name: "virtual_use_local_privs", kind: "bool", default: false, doc: "Guest (virtual) users get local-user privileges instead of anonymous ones." },
  { name: "write_enable", kind: "bool", default: false, doc: "Master switch for every command that changes the filesystem (STOR, DELE, MKD, RNFR, SITE CHMOD...)." },
  { name: "xferlog_enable", kind: "bool", default: false, doc: "Enable the transfer/activity log (format chosen by xferlog_std_format / dual_log_enable)." },
  { name: "xferlog_std_format", kind: "bool", default: false, doc: "Write the transfer log in wu-ftpd xferlog format instead of vsftpd format." },
  { name: "accept_timeout", kind: "uint", default: 60, doc: "Seconds to wait for a client to connect to a PASV data socket." },
  { name: "anon_max_rate", kind: "uint", default: 0, doc: "Anonymous transfer rate limit, bytes/second (0 = none)." },
  { name: "anon_umask", kind: "mode", default: 0o77, doc: "umask applied to files/directories created by anonymous users." },
  { name: "chown_upload_mode", kind: "mode", default: 0o600, doc: "Mode given to anonymously uploaded files that are chowned (chown_uploads)." },
  { name: "connect_timeout", kind: "uint", default: 60, doc: "Seconds to wait for a PORT data connection to succeed." },
  { name: "data_connection_timeout", kind: "uint", default: 300, doc: "Seconds a stalled data transfer is kept." },
  { name: "delay_failed_login", kind: "uint", default: 1, doc: "Seconds to pause after a failed login." },
  { name: "delay_successful_login", kind: "uint", default: 0, doc: "Seconds to pause after a successful login." },
  { name: "file_open_mode", kind: "mode", default: 0o666, doc: "Mode for newly uploaded files, before the umask." },
  { name: "ftp_data_port", kind: "uint", default: 20, doc: "Source port for PORT data connections when connect_from_port_20=YES." },
  { name: "idle_session_timeout", kind: "uint", default: 300, doc: "Seconds an idle control connection is kept." },
  { name: "listen_port", kind: "uint", default: 21, doc: "Standalone listening port (cast to 16 bits; 0 = kernel-chosen port)." },
  { name: "local_max_rate", kind: "uint", default: 0, doc: "Local-user transfer rate limit, bytes/second (0 = none)." },
  { name: "local_umask", kind: "mode", default: 0o77, doc: "umask applied to files/directories created by local users." },
  { name: "max_clients", kind: "uint", default: 2000, doc: "Standalone: maximum concurrent sessions (0 = unlimited)." },
  { name: "max_login_fails", kind: "uint", default: 3, doc: "Failed logins before the session is closed." },
  { name: "max_per_ip", kind: "uint", default: 50, doc: "Standalone: maximum concurrent sessions per client IP (0 = unlimited)." },
  { name: "pasv_max_port", kind: "uint", default: 0, doc: "Highest port for PASV data sockets (ignored unless >= effective min and < 65535)." },
  { name: "pasv_min_port", kind: "uint", default: 5001, doc: "Lowest port for PASV data sockets (values <=1024 or >65535 are ignored)." },
  { name: "trans_chunk_size", kind: "uint", default: 0, doc: "Transfer chunk size in bytes (0 = automatic); small values smooth rate limiting." },
  { name: "anon_root", kind: "string", default: null, maxBytes: PATH_BYTES, doc: "Directory anonymous sessions chroot/chdir into (instead of the ftp user home)." },
  { name: "banned_email_file", kind: "string", default: "/etc/vsftpd.banned_emails", rhel: "/etc/vsftpd/banned_emails", maxBytes: PATH_BYTES, doc: "File of banned anonymous passwords (deny_email_enable)." },
  { name: "banner_file", kind: "string", default: null, maxBytes: PATH_BYTES, doc: "File whose contents replace the greeting; must be readable." },
  { name: "ca_certs_file", kind: "string", default: null, maxBytes: PATH_BYTES, doc: "PEM bundle of CAs used to verify/request client certificates." },
  { name: "chown_username", kind: "string", default: "root", maxBytes: TEXT_BYTES, doc: "Owner given to anonymous uploads when chown_uploads=YES." },
  { name: "chroot_list_file", kind: "string", default: "/etc/vsftpd.chroot_list", rhel: "/etc/vsftpd/chroot_list", maxBytes: PATH_BYTES, doc: "File of user names whose chroot treatment is inverted (chroot_list_enable)." },
  { name: "cmds_allowed", kind: "string", default: null, maxBytes: TEXT_BYTES, doc: "Comma-separated whitelist of FTP commands allowed after login." },
  { name: "cmds_denied", kind: "string", default: null, maxBytes: TEXT_BYTES, doc: "Comma-separated blacklist of FTP commands refused after login." },
  { name: "deny_file", kind: "string", default: null, maxBytes: TEXT_BYTES, doc: "Glob-like pattern of names that may not be accessed at all." },
  { name: "download_file", kind: "string", default: null, distros: DEBIAN_ONLY, maxBytes: TEXT_BYTES, doc: "pattern that downloads must match (deny_file still wins)." },
  { name: "dsa_cert_file", kind: "string", default: null, maxBytes: PATH_BYTES, doc: "PEM file with a DSA certificate (optional)." },
  { name: "dsa_private_key_file", kind: "string", default: null, maxBytes: PATH_BYTES, doc: "PEM file with the DSA private key (unset = taken from dsa_cert_file)." },
  { name: "email_password_file", kind: "string", default: "/etc/vsftpd.email_passwords", rhel: "/etc/vsftpd/email_passwords", maxBytes: PATH_BYTES, doc: "File of allowed anonymous passwords (secure_email_list_enable)." },
  { name: "ftp_username", kind: "string", default: "ftp", maxBytes: TEXT_BYTES, doc: "Local account whose uid and home anonymous sessions use." },
  { name: "ftpd_banner", kind: "string", default: null, maxBytes: TEXT_BYTES, doc: 'Text of the 220 greeting (unset = "(vsFTPd <version>)").' },
  { name: "guest_username", kind: "string", default: "ftp", maxBytes: TEXT_BYTES, doc: "Account that guest/virtual users are mapped to (guest_enable)." },
  { name: "hide_file", kind: "string", default: null, maxBytes: TEXT_BYTES, doc: "Glob-like pattern of names hidden from listings (still accessible)." },
  { name: "listen_address", kind: "string", default: null, maxBytes: TEXT_BYTES, doc: "Numeric IPv4 address to bind in listen mode (unset = all)." },
  { name: "listen_address6", kind: "string", default: null, maxBytes: TEXT_BYTES, doc: "Numeric IPv6 address to bind in listen_ipv6 mode (unset = all)." },
  { name: "local_root", kind: "string", default: null, maxBytes: PATH_BYTES, doc: "Directory local users chdir into after login (chroot point when chrooting)." },
  { name: "message_file", kind: "string", default: ".message", maxBytes: PATH_BYTES, doc: "Per-directory message file name shown with dirmessage_enable." },
  { name: "nopriv_user", kind: "string", default: "nobody", maxBytes: TEXT_BYTES, doc: "Unprivileged account the pre-login/helper processes run as." },
  { name: "pam_service_name", kind: "string", default: "ftp", debian: "vsftpd", maxBytes: TEXT_BYTES, doc: "PAM service name used for authentication." },
  { name: "pasv_address", kind: "string", default: null, maxBytes: TEXT_BYTES, doc: "IPv4 address (or host name with pasv_addr_resolve) to advertise in PASV replies." },
  { name: "rsa_cert_file", kind: "string", default: "/usr/share/ssl/certs/vsftpd.pem", maxBytes: PATH_BYTES, doc: "PEM file with the RSA certificate chain (and key if rsa_private_key_file unset)." },
  { name: "rsa_private_key_file", kind: "string", default: null, maxBytes: PATH_BYTES, doc: "PEM file with the RSA private key (unset = taken from rsa_cert_file)." },
  { name: "secure_chroot_dir", kind: "string", default: "/usr/share/empty", debian: "/var/run/vsftpd/empty", maxBytes: PATH_BYTES, doc: "Empty, non-writable directory used as the chroot of unprivileged helper processes; must exist." },
  { name: "ssl_ciphers", kind: "string", default: "ECDHE-RSA-AES256-GCM-SHA384", rhel: "PROFILE=SYSTEM", maxBytes: TEXT_BYTES, doc: "OpenSSL cipher list for TLS <= 1.2 (empty value = OpenSSL default list)." },
  { name: "upload_file", kind: "string", default: null, distros: DEBIAN_ONLY, maxBytes: TEXT_BYTES, doc: "pattern that uploads must match (deny_file still wins)." },
  { name: "user_config_dir", kind: "string", default: null, maxBytes: PATH_BYTES, doc: "Directory holding per-user config files named after the user." },
  { name: "user_sub_token", kind: "string", default: null, maxBytes: TEXT_BYTES, doc: "Token replaced by the user name in local_root / home paths (virtual users)." },
  { name: "userlist_file", kind: "string", default: "/etc/vsftpd.user_list", rhel: "/etc/vsftpd/user_list", maxBytes: PATH_BYTES, doc: "File of user names consulted when userlist_enable=YES." },
  { name: "vsftpd_log_file", kind: "string", default: "/var/log/vsftpd.log", maxBytes: PATH_BYTES, doc: "Path of the vsftpd-format log." },
  { name: "xferlog_file", kind: "string", default: "/var/log/xferlog", maxBytes: PATH_BYTES, doc: "Path of the wu-ftpd style transfer log." },  // RHEL/Fedora additions (Fedora's patched 3.0.3).
  { name: "ssl_tlsv1_1", kind: "bool", default: false, distros: RHEL_ONLY, doc: "Permit TLS 1.1." },
  { name: "ssl_tlsv1_2", kind: "bool", default: true, distros: RHEL_ONLY, doc: "Permit TLS 1.2." },
  { name: "ssl_tlsv1_3", kind: "bool", default: true, distros: RHEL_ONLY, doc: "Permit TLS 1.3." },
  { name: "reverse_lookup_enable", kind: "bool", default: true, distros: RHEL_ONLY, doc: "Resolve client addresses to names for PAM and logs." },
  { name: "userlist_log", kind: "bool", default: false, distros: RHEL_ONLY, doc: "Log logins refused by the user list." },
  { name: "better_stou", kind: "bool", default: false, distros: RHEL_ONLY, doc: "Use a safer unique-name scheme for STOU." },
  { name: "log_die", kind: "bool", default: false, distros: RHEL_ONLY, doc: "Also log fatal errors (500 OOPS) to the log." },
  { name: "wc_logs_enable", kind: "bool", default: false, distros: RHEL_ONLY, doc: "Log wildcard transfers individually." },
  { name: "bind_retries", kind: "uint", default: 9, distros: RHEL_ONLY, doc: "Attempts to bind a passive data port before giving up." },
  { name: "dh_param_file", kind: "string", default: null, distros: RHEL_ONLY, maxBytes: PATH_BYTES, doc: "PEM file with Diffie-Hellman parameters." },
  { name: "ecdh_param_file", kind: "string", default: null, distros: RHEL_ONLY, maxBytes: PATH_BYTES, doc: "PEM file with ECDH curve parameters." },
  { name: "ssl_sni_hostname", kind: "string", default: null, distros: RHEL_ONLY, maxBytes: TEXT_BYTES, doc: "Host name the TLS client must request through SNI." },
] as const satisfies readonly OptionSpec[];

/** Every name vsftpd knows on some build: rules naming an option that does not exist do not compile. */
export type OptionName = (typeof TABLE)[number]["name"];

export const OPTIONS: readonly OptionSpec[] = TABLE;
