/**
 * The Executor for the machine ftpctl runs on: commands through execa (argv
 * arrays, never a shell), files through node:fs with atomic replacement.
 *
 * With a staging root (`--root DIR`) every path is resolved inside DIR as
 * chroot would resolve it (core/path-jail.ts): absolute links start again
 * at DIR, `..` stops at DIR, so no read or write ever lands outside it. A
 * link in the last component is reported by `stat` (resources refuse to
 * replace links) and refused by writeFile, chmod and chown; reads follow
 * it, inside DIR; rename and remove act on the link itself. The live
 * system goes through the same walk with / as its top, which is exactly
 * what the kernel does. Files are read non-blocking, checked to be regular and capped in
 * size. `run` refuses to touch the live system: package installs, useradd,
 * chpasswd and systemctl would change the host, not the staging tree, so
 * they are returned as `skipped` and listed in `skippedCommands`. Probes
 * (dpkg-query, systemctl) still run on the host and read no file under DIR;
 * resources that depend on the host's state say so.
 */
import { accessSync, chmodSync, closeSync, constants, fchmodSync, fchownSync, fstatSync, lchownSync, lstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, realpathSync, renameSync, rmdirSync, rmSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { writeFileAtomic } from "../core/atomic-write.js";
import { errnoReason } from "../core/errno.js";
import { FtpctlError } from "../core/errors.js";
import { fileKind } from "../core/file-kind.js";
import { JailError, resolveInJail, strictDirs, type Resolved } from "../core/path-jail.js";
import type { CommandResult, Executor, FileStat, RunOptions, WriteOptions } from "./executor.js";

/** Where programs are looked up: the usual root PATH, whatever the caller's PATH is (sudo may strip sbin). */
const SEARCH_PATH = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

/** The largest file the executor reads: account databases and configs are far smaller. */
const READ_CAP = 16 * 2 ** 20;

/** Why a file-system call failed, in the one errno wording (core/errno.ts); exported for its tests. */
export function fsReason(err: unknown): string {
  if (err instanceof JailError) return err.code === "ELOOP" ? "too many levels of symbolic links" : err.code === "ENOTDIR" ? "a component of the path is not a directory" : err.reason!;
  const e = err as NodeJS.ErrnoException;
  if (e.code === "EACCES" || e.code === "EPERM") return "permission denied (run as root)";
  if (e.code === "ENOENT") return "no such file or directory";
  if (e.code === "ENOTEMPTY") return "directory not empty";
  if (e.code === "EEXIST") return "it already exists";
  if (e.code === "ELOOP") return "it is a symbolic link, or there are too many levels of links";
  if (e.code === "ENOTDIR") return "not a directory";
  // EINVAL from a readlink of an entry swapped for a non-link mid-walk, and the rest: the one errno wording, never Node's raw text.
  if (e.code === "EINVAL" && e.syscall === "readlink") return "an entry changed while the path was being resolved (not a symbolic link any more)";
  return errnoReason(err);
}

export interface LocalExecutorOptions {
  /** Staging root; every path is taken inside it and system commands are skipped. */
  readonly root?: string;
}

export class LocalExecutor implements Executor {
  readonly root: string | undefined;
  /** Commands `run` did not run because of the staging root, as display strings. */
  readonly skippedCommands: string[] = [];

  constructor(opts: LocalExecutorOptions = {}) {
    let r = "/";
    if (opts.root !== undefined) {
      try {
        // The jail's top must itself be free of links: resolved once, here.
        r = realpathSync(opts.root);
      } catch (err) {
        throw new FtpctlError(`--root ${opts.root}: ${fsReason(err)}`);
      }
    }
    // A root that is / is the live system (see prepare.ts, checkRoot).
    this.root = r === "/" ? undefined : r;
    // As root in a staging tree, every directory walked through must be one no one else can change (core/path-jail.ts).
    const uid = process.geteuid?.() ?? 0;
    if (this.root !== undefined && uid === 0) this.strict = strictDirs(uid);
  }

  private readonly strict: ((hostDir: string, path: string) => void) | undefined;

  /**
   * Where a target path is on this machine: resolved component by component
   * inside the staging root as chroot would (core/path-jail.ts), or on the
   * live system as the kernel would. `followLast: false` reports a link in
   * the last component instead of following it.
   */
  resolve(p: string, followLast: boolean): Resolved {
    if (!p.startsWith("/")) throw new FtpctlError(`internal: path '${p}' is not absolute`);
    return resolveInJail(this.root ?? "/", p, { followLast, ...(this.strict ? { checkDir: this.strict } : {}) });
  }

  async probe(argv: readonly string[], opts: RunOptions = {}): Promise<CommandResult> {
    return this.exec(argv, opts);
  }

  async run(argv: readonly string[], opts: RunOptions = {}): Promise<CommandResult> {
    if (this.root !== undefined) {
      this.skippedCommands.push(argv.join(" "));
      return { code: 0, stdout: "", stderr: "", skipped: true };
    }
    return this.exec(argv, opts);
  }

  private async exec(argv: readonly string[], opts: RunOptions): Promise<CommandResult> {
    const [file, ...args] = argv;
    if (file === undefined) throw new FtpctlError("internal: empty command");
    let capture: { dir: string; path: string; fd: number } | undefined;
    if (opts.captureFd0) {
      const dir = mkdtempSync(join(tmpdir(), "ftpctl-fd0-"));
      const path = join(dir, "fd0");
      capture = { dir, path, fd: openSync(path, "w+", 0o600) };
    }
    try {
      const r = await execa(file, args, {
        shell: false,
        reject: false,
        stripFinalNewline: false,
        // Parsed output (dpkg-query, systemctl) must not depend on the operator's locale.
        env: { LC_ALL: "C", ...(opts.env ?? {}) },
        // Any open descriptor works as stdin (execa hands it to spawn); its types list only 0.
        ...(capture ? { stdin: capture.fd as 0 } : opts.input !== undefined ? { input: opts.input } : { stdin: "ignore" as const }),
        ...(opts.timeoutMs !== undefined ? { timeout: opts.timeoutMs } : {}),
      });
      const missing = r.exitCode === undefined && /ENOENT/.test(String(r.originalMessage ?? r.message));
      const base: CommandResult = {
        code: r.exitCode ?? (missing ? 127 : 128 + 15),
        stdout: String(r.stdout ?? ""),
        stderr: missing ? `${file}: command not found` : String(r.stderr ?? ""),
        ...(r.timedOut ? { timedOut: true } : {}),
      };
      if (!capture) return base;
      closeSync(capture.fd);
      capture.fd = -1;
      return { ...base, fd0: readFileSync(capture.path, "utf8") };
    } finally {
      if (capture) {
        if (capture.fd >= 0) closeSync(capture.fd);
        rmSync(capture.dir, { recursive: true, force: true });
      }
    }
  }

  async which(program: string): Promise<string | undefined> {
    const candidates = program.includes("/") ? [program] : SEARCH_PATH.map((d) => `${d}/${program}`);
    for (const c of candidates) {
      try {
        // Programs run on the host, even under a staging root.
        accessSync(c, constants.X_OK);
        return c;
      } catch {
        // Not here.
      }
    }
    return undefined;
  }

  async readFile(path: string): Promise<Buffer | undefined> {
    let fd: number | undefined;
    try {
      const r = this.resolve(path, true);
      if (!r.exists) return undefined;
      // Non-blocking, so a FIFO planted in the tree cannot hang a plan; O_NOFOLLOW, so a link swapped in after the walk is refused.
      fd = openSync(r.host, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
      const st = fstatSync(fd);
      if (!st.isFile()) throw new FtpctlError(`${path}: cannot read: ${st.isDirectory() ? "is a directory" : "not a regular file"}`);
      if (st.size > READ_CAP) throw new FtpctlError(`${path}: cannot read: larger than ${READ_CAP / 2 ** 20} MiB`);
      const buf = Buffer.alloc(st.size);
      let off = 0;
      for (let n = 1; n > 0 && off < buf.length; off += n) n = readSync(fd, buf, off, buf.length - off, null);
      return buf.subarray(0, off);
    } catch (err) {
      if (err instanceof FtpctlError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") return undefined;
      throw new FtpctlError(`${path}: cannot read: ${fsReason(err)}`);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  async realpath(path: string): Promise<string> {
    try {
      return this.resolve(path, true).path;
    } catch (err) {
      if (err instanceof FtpctlError) throw err;
      throw new FtpctlError(`${path}: cannot resolve: ${fsReason(err)}`);
    }
  }

  /** The entry itself: a link in the last component is reported as "link", never followed. */
  async stat(path: string): Promise<FileStat | undefined> {
    try {
      const r = this.resolve(path, false);
      if (!r.exists) return undefined;
      const st = lstatSync(r.host);
      const type = st.isFile() ? "file" : st.isDirectory() ? "dir" : st.isSymbolicLink() ? "link" : "other";
      return { type, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, size: st.size, ...(type === "other" ? { kind: fileKind(st) } : {}) };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") return undefined;
      throw new FtpctlError(`${path}: cannot stat: ${fsReason(err)}`);
    }
  }

  async writeFile(path: string, data: string | Uint8Array, opts: WriteOptions): Promise<void> {
    const r = this.checked(path, "write");
    // Created with the final owner and mode before any byte is written (see core/atomic-write.ts).
    writeFileAtomic(r.host, data, { mode: opts.mode, uid: opts.uid ?? process.getuid?.() ?? 0, gid: opts.gid ?? process.getgid?.() ?? 0 });
  }

  async mkdir(path: string, opts: WriteOptions): Promise<void> {
    let made: string | undefined;
    const uid = opts.uid ?? process.getuid?.() ?? 0;
    const gid = opts.gid ?? process.getgid?.() ?? 0;
    let step = "";
    try {
      const r = this.resolve(path, false);
      if (r.exists) throw Object.assign(new Error("exists"), { code: "EEXIST" });
      // Owner-only until chowned, so no one else can slip a file in under the wrong owner.
      mkdirSync(r.host, { mode: 0o700 });
      made = r.host;
      // Through a descriptor of the directory just made: a link swapped in for it is not followed.
      withEntry(r.host, "dir", (fd) => {
        step = "chown";
        fchownSync(fd, uid, gid);
        step = "chmod";
        // Explicit, because mkdir's mode passes through the umask and drops set-id bits.
        fchmodSync(fd, opts.mode & 0o7777);
      });
    } catch (err) {
      // A directory made but not given its owner and mode is undone here: the caller's undo knows only of whole changes.
      if (made !== undefined) {
        try {
          rmdirSync(made);
        } catch {
          // Someone put something in it meanwhile: it stays, and the message below still names the failure.
        }
      }
      const code = (err as NodeJS.ErrnoException).code;
      if (step === "chown" && (code === "EPERM" || code === "EACCES")) {
        throw new FtpctlError(`${path}: cannot create directory: cannot give it to owner ${uid}:${gid}: ${errnoReason(err)} (changing an owner needs root)`);
      }
      throw new FtpctlError(`${path}: cannot create directory: ${step ? `${step}: ` : ""}${fsReason(err)}`);
    }
  }

  async chmod(path: string, mode: number): Promise<void> {
    try {
      const r = this.checked(path, "chmod");
      withEntry(r.host, undefined, (fd) => fchmodSync(fd, mode & 0o7777), () => chmodSync(r.host, mode & 0o7777));
    } catch (err) {
      if (err instanceof FtpctlError) throw err;
      throw new FtpctlError(`${path}: cannot chmod: ${fsReason(err)}`);
    }
  }

  async chown(path: string, uid: number, gid: number): Promise<void> {
    try {
      const r = this.checked(path, "chown");
      withEntry(r.host, undefined, (fd) => fchownSync(fd, uid, gid), () => lchownSync(r.host, uid, gid));
    } catch (err) {
      if (err instanceof FtpctlError) throw err;
      throw new FtpctlError(`${path}: cannot chown: ${fsReason(err)}`);
    }
  }

  /** rename(2) never follows a link in either last component: a link is moved, not its target. */
  async rename(from: string, to: string): Promise<void> {
    try {
      renameSync(this.resolve(from, false).host, this.resolve(to, false).host);
    } catch (err) {
      throw new FtpctlError(`${from}: cannot rename to ${to}: ${fsReason(err)}`);
    }
  }

  /** Removes a file, a link (not its target) or an empty directory; never a tree. */
  async remove(path: string): Promise<void> {
    try {
      const r = this.resolve(path, false);
      if (!r.exists) return;
      if (lstatSync(r.host).isDirectory()) rmdirSync(r.host);
      else unlinkSync(r.host);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
      throw new FtpctlError(`${path}: cannot remove: ${fsReason(err)}`);
    }
  }

  /** For changes: the resolved path, refusing a link in the last component (the change would land on its target). */
  private checked(path: string, what: string): Resolved {
    let r: Resolved;
    try {
      r = this.resolve(path, false);
    } catch (err) {
      throw new FtpctlError(`${path}: cannot ${what}: ${fsReason(err)}`);
    }
    if (r.lastIsLink) throw new FtpctlError(`${path}: cannot ${what}: it is a symbolic link, and ftpctl does not change files through links`);
    return r;
  }
}

/**
 * Runs `fn` on a descriptor of `host`, opened without following a link and
 * without blocking, after checking that it is a regular file or directory
 * (opening a device can have effects of its own). `fallback` runs instead
 * when the entry cannot be opened for reading (mode 0000 as non-root).
 */
function withEntry(host: string, want: "dir" | undefined, fn: (fd: number) => void, fallback?: () => void): void {
  const st = lstatSync(host);
  if (st.isSymbolicLink()) throw Object.assign(new Error("symbolic link"), { code: "ELOOP" });
  if (!st.isFile() && !st.isDirectory()) throw Object.assign(new Error("not a regular file or directory; not changed"), { code: "EFTYPE" });
  if (want === "dir" && !st.isDirectory()) throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
  let fd: number;
  try {
    fd = openSync(host, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | (st.isDirectory() ? constants.O_DIRECTORY : 0));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EACCES" && fallback) return fallback();
    throw err;
  }
  try {
    const now = fstatSync(fd);
    // The entry checked above, not one swapped in since.
    if (now.dev !== st.dev || now.ino !== st.ino) throw Object.assign(new Error("changed while being opened"), { code: "EAGAIN" });
    fn(fd);
  } finally {
    closeSync(fd);
  }
}
