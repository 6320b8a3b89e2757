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

/** A lookup that failed with an error other than "missing": ELOOP, EIO, or EACCES and EPERM. */
export interface LookupError {
  readonly state: "error";
  /** The errno, e.g. "EACCES". */
  readonly code: string;
}

/**
 * What stat() says about a path. Only ENOENT and ENOTDIR mean the path is
 * missing; any other error (EACCES, ELOOP, EIO) says nothing about whether
 * it exists, and vsftpd's own open or chdir meets the same error only when
 * it has the same rights (see HostFacts.asDaemon).
 */
export type Lookup = { readonly state: "found"; readonly info: FileInfo } | { readonly state: "missing" } | LookupError;

/**
 * What reading a file yields. Directories and special files are not read
 * (a FIFO would block, a device never ends): they come back as "notFile".
 */
export type Read =
  | { readonly state: "found"; readonly text: string }
  | { readonly state: "missing" }
  | { readonly state: "notFile"; readonly type: "dir" | "other" }
  | LookupError;

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
  | {
      readonly outcome: "unknown";
      readonly why: string;
      /** Set when a permission error stopped the prediction, one vsftpd (root) would not meet: the errno and the path it met. */
      readonly needsRoot?: { readonly code: string; readonly cause: AppendCause; readonly at: string };
    };

export interface HostFacts {
  /**
   * stat() with symlinks followed, as vsftpd does, with the reason it found
   * nothing: missing, or an error that is not "missing". There is no plain
   * stat(): an error must never read as "missing".
   */
  lookup(path: string): Lookup;
  /** lstat(): the link itself. */
  lookupLink(path: string): Lookup;
  /**
   * What vsftpd's open(path, O_CREAT|O_WRONLY|O_APPEND|O_NONBLOCK, 0600), run
   * as the daemon's user, would do, found without creating or writing anything.
   */
  appendOpen(path: string): AppendOpen;
  /** A regular file's contents (bounded), or why there are none. */
  read(path: string): Read;
  /**
   * File contents, or undefined when missing, unreadable or not a regular
   * file: for lists whose absence vsftpd treats as empty. Rules that report
   * on a file use read().
   */
  readText(path: string): string | undefined;
  user(name: string): PasswdEntry | undefined;
  users(): readonly PasswdEntry[];
  /** Supplementary group ids of a user (from /etc/group), plus the primary one. */
  groupsOf(user: PasswdEntry): readonly number[];
  /** Lines of /etc/shells. */
  shells(): readonly string[];
  /** The uid vsftpd runs as (root in normal use). */
  readonly daemonUid: number;
  /**
   * Whether these facts are gathered with the daemon's rights. When not
   * (lint --host as an ordinary user), EACCES and EPERM are this process's
   * errors, not vsftpd's, and prove nothing.
   */
  readonly asDaemon: boolean;
  /** The current time, for certificate validity; fixed in tests. */
  now(): Date;
  /**
   * True when the account's password is locked ("!" or "*" in /etc/shadow),
   * so nobody can log in as it and vsftpd never reaches its chroot checks.
   * Only the lock marker is read; hashes are never kept or shown. A
   * LookupError when /etc/shadow exists but cannot be read (EACCES as an
   * ordinary user): whether anyone can log in is then not known. A missing
   * /etc/shadow locks nobody.
   */
  passwordLocked(name: string): boolean | LookupError;
  /** Addresses assigned to this machine's interfaces (what bind() accepts). */
  localAddresses(): readonly string[];
  /**
   * Whether the resolver (files, then DNS) finds an IPv4 address for a host
   * name; undefined when the resolver could not be asked or gave no answer
   * (no getent, a timeout).
   */
  resolves(name: string): boolean | undefined;
}
