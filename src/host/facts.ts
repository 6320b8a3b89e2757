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

export interface HostFacts {
  /** stat() with symlinks followed, as vsftpd does; undefined when missing. */
  stat(path: string): FileInfo | undefined;
  /** lstat(): the link itself. */
  lstat(path: string): FileInfo | undefined;
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
