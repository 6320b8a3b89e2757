/**
 * What host rules may ask about the machine. Rules see only this interface,
 * so they stay pure and tests can hand them a fixed machine.
 */
export interface FileInfo {
  readonly type: "file" | "dir" | "other";
  readonly uid: number;
  readonly gid: number;
  /** Permission bits, e.g. 0o755. */
  readonly mode: number;
}

export interface PasswdEntry {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
  readonly shell: string;
}

/**
 * What stat() says about a path. Only ENOENT and ENOTDIR mean the path is
 * missing; any other error (EACCES, ELOOP, EIO) says nothing about whether
 * it exists, and vsftpd's own open or chdir meets the same error.
 */
export type Lookup =
  | { readonly state: "found"; readonly info: FileInfo }
  | { readonly state: "missing" }
  | { readonly state: "error"; readonly code: string };

/** Why vsftpd's open for appending fails. */
export type AppendCause =
  /** The path is a directory (EISDIR). */
  | "isDir"
  /** The directory to create the file in is missing or not a directory. */
  | "noDir"
  /** The directory is on a file system that never lets files be created (devpts, proc, sysfs). */
  | "noCreate"
  /** The directory is on a read-only mount. */
  | "readOnly"
  /** The directory refuses the daemon write access (an immutable directory). */
  | "dirDenied"
  /** Looking the path up fails with an error other than "missing" (EACCES, ELOOP). */
  | "lookup"
  /** The path exists and opening it fails (a FIFO nobody reads, a socket, a read-only sysfs file). */
  | "open";

export type AppendOpen =
  | { readonly outcome: "opens" | "creates" }
  | {
      readonly outcome: "fails";
      /** The errno vsftpd's open would set. */
      readonly code: string;
      readonly cause: AppendCause;
      /** The path the cause is about: the file itself, or the directory it would be created in. */
      readonly at: string;
      /** For "noCreate": the file system type. */
      readonly fsType?: string;
      /** For "open": what the path is, when it is not a regular file ("session": the session's own fd 0-2, the client's socket). */
      readonly fileType?: "fifo" | "socket" | "session";
    }
  /** Not predicted without side effects (a device), or not from this process (not running as root). */
  | { readonly outcome: "unknown"; readonly why: string };

export interface HostFacts {
  /** stat() with symlinks followed, as vsftpd does; undefined when missing or when stat fails (see lookup). */
  stat(path: string): FileInfo | undefined;
  /** lstat(): the link itself. */
  lstat(path: string): FileInfo | undefined;
  /** stat() with the reason it found nothing: missing, or an error that is not "missing". */
  lookup(path: string): Lookup;
  /**
   * What vsftpd's open(path, O_CREAT|O_WRONLY|O_APPEND|O_NONBLOCK, 0600), run
   * as the daemon's user, would do, found without creating or writing anything.
   */
  appendOpen(path: string): AppendOpen;
  /** File contents, or undefined when missing or unreadable. */
  readText(path: string): string | undefined;
  user(name: string): PasswdEntry | undefined;
  users(): readonly PasswdEntry[];
  /** Supplementary group ids of a user (from /etc/group), plus the primary one. */
  groupsOf(user: PasswdEntry): readonly number[];
  /** Lines of /etc/shells. */
  shells(): readonly string[];
  /** The uid vsftpd runs as (root in normal use). */
  readonly daemonUid: number;
  /** The current time, for certificate validity; fixed in tests. */
  now(): Date;
  /**
   * True when the account's password is locked ("!" or "*" in /etc/shadow),
   * so nobody can log in as it and vsftpd never reaches its chroot checks.
   * Only the lock marker is read; hashes are never kept or shown.
   */
  passwordLocked(name: string): boolean;
  /** Addresses assigned to this machine's interfaces (what bind() accepts). */
  localAddresses(): readonly string[];
  /** Whether the resolver (files, then DNS) finds an IPv4 address for a host name. */
  resolves(name: string): boolean;
}
