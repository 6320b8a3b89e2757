/**
 * Everything apply does to a machine goes through an Executor. Reads
 * (`probe`, `readFile`, `stat`) and changes (`run`, `writeFile`, ...) are
 * separate methods, so a test can prove that `plan` changed nothing: a
 * recording executor sees no change calls. Commands are argv arrays, never
 * shell strings; secrets travel on stdin, never in argv.
 */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The command was not run: a change to the live system under `--root`. */
  readonly skipped?: boolean;
  /** Killed after `timeoutMs`. For a daemon started in the foreground, this means it was still running. */
  readonly timedOut?: boolean;
  /** What the command wrote to its file descriptor 0, when `captureFd0` asked for it. */
  readonly fd0?: string;
}

export interface RunOptions {
  /** Written to the command's standard input (passwords go here, never in argv). */
  readonly input?: string;
  /** Milliseconds before the command is killed. */
  readonly timeoutMs?: number;
  /** Extra environment variables. */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Gives the command a read-write temporary file as standard input and
   * returns what it wrote there: vsftpd prints its startup refusals on fd 0.
   * Not combinable with `input`.
   */
  readonly captureFd0?: boolean;
}

export interface FileStat {
  readonly type: "file" | "dir" | "link" | "other";
  /** For "other": what it is, in core/file-kind.ts's words ("a named pipe (FIFO)"). */
  readonly kind?: string;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
}

export interface WriteOptions {
  readonly mode: number;
  readonly uid?: number;
  readonly gid?: number;
}

export interface Executor {
  /**
   * The staging root (`--root DIR`), when there is one: every path is taken
   * relative to it, and `run` does not run commands but returns `skipped`.
   */
  readonly root?: string | undefined;
  /** Runs a read-only command (dpkg-query, getent, iptables -C, systemctl is-active). */
  probe(argv: readonly string[], opts?: RunOptions): Promise<CommandResult>;
  /** Is this program on PATH (or an absolute path that exists)? */
  which(program: string): Promise<string | undefined>;
  readFile(path: string): Promise<Buffer | undefined>;
  stat(path: string): Promise<FileStat | undefined>;
  /**
   * Where `path` really is: every symbolic link in it followed as this
   * executor follows them (under a staging root, inside it, as chroot would).
   * A missing component ends the walk and the rest is taken as written, so a
   * dangling link yields the path creating it would create. Throws
   * FtpctlError when the path cannot be resolved (a link loop). Executors
   * without it take paths as written.
   */
  realpath?(path: string): Promise<string>;

  /** Runs a command that changes the machine. */
  run(argv: readonly string[], opts?: RunOptions): Promise<CommandResult>;
  /** Atomic write with the given mode and owner, from the moment the file exists. */
  writeFile(path: string, data: string | Uint8Array, opts: WriteOptions): Promise<void>;
  mkdir(path: string, opts: WriteOptions): Promise<void>;
  chmod(path: string, mode: number): Promise<void>;
  chown(path: string, uid: number, gid: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  remove(path: string): Promise<void>;
}
