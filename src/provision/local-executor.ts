/**
 * The Executor for the machine ftpctl runs on: commands through execa (argv
 * arrays, never a shell), files through node:fs with atomic replacement.
 *
 * With a staging root (`--root DIR`) every path is taken inside DIR, and
 * `run` refuses to touch the live system: package installs, useradd,
 * chpasswd and systemctl would change the host, not the staging tree, so
 * they are returned as `skipped` and listed in `skippedCommands`. Probes
 * still run on the host; resources that depend on the host's state say so.
 */
import { closeSync, chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmdirSync, rmSync, unlinkSync, accessSync, constants } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { execa } from "execa";
import { writeFileAtomic } from "../core/atomic-write.js";
import { FtpctlError } from "../core/errors.js";
import type { CommandResult, Executor, FileStat, RunOptions, WriteOptions } from "./executor.js";

/** Where programs are looked up: the usual root PATH, whatever the caller's PATH is (sudo may strip sbin). */
const SEARCH_PATH = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

function fsReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === "EACCES" || e.code === "EPERM") return "permission denied (run as root)";
  if (e.code === "ENOENT") return "no such file or directory";
  if (e.code === "ENOTEMPTY") return "directory not empty";
  return e.message;
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
    const r = opts.root === undefined ? "/" : posix.resolve(opts.root);
    this.root = r === "/" ? undefined : r;
  }

  /** The real path of a target path: inside the staging root, never above it. */
  path(p: string): string {
    if (!p.startsWith("/")) throw new FtpctlError(`internal: path '${p}' is not absolute`);
    const norm = posix.normalize(p);
    return this.root === undefined ? norm : posix.join(this.root, norm);
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
    try {
      return readFileSync(this.path(path));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") return undefined;
      throw new FtpctlError(`${path}: cannot read: ${fsReason(err)}`);
    }
  }

  async stat(path: string): Promise<FileStat | undefined> {
    try {
      const st = lstatSync(this.path(path));
      const type = st.isFile() ? "file" : st.isDirectory() ? "dir" : st.isSymbolicLink() ? "link" : "other";
      return { type, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, size: st.size };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") return undefined;
      throw new FtpctlError(`${path}: cannot stat: ${fsReason(err)}`);
    }
  }

  async writeFile(path: string, data: string | Uint8Array, opts: WriteOptions): Promise<void> {
    // Created with the final owner and mode before any byte is written (see core/atomic-write.ts).
    writeFileAtomic(this.path(path), data, { mode: opts.mode, uid: opts.uid ?? process.getuid?.() ?? 0, gid: opts.gid ?? process.getgid?.() ?? 0 });
  }

  async mkdir(path: string, opts: WriteOptions): Promise<void> {
    const real = this.path(path);
    try {
      // Owner-only until chowned, so no one else can slip a file in under the wrong owner.
      mkdirSync(real, { mode: 0o700 });
      chownSync(real, opts.uid ?? process.getuid?.() ?? 0, opts.gid ?? process.getgid?.() ?? 0);
      // Explicit, because mkdir's mode passes through the umask and drops set-id bits.
      chmodSync(real, opts.mode & 0o7777);
    } catch (err) {
      throw new FtpctlError(`${path}: cannot create directory: ${fsReason(err)}`);
    }
  }

  async chmod(path: string, mode: number): Promise<void> {
    try {
      chmodSync(this.path(path), mode & 0o7777);
    } catch (err) {
      throw new FtpctlError(`${path}: cannot chmod: ${fsReason(err)}`);
    }
  }

  async chown(path: string, uid: number, gid: number): Promise<void> {
    try {
      chownSync(this.path(path), uid, gid);
    } catch (err) {
      throw new FtpctlError(`${path}: cannot chown: ${fsReason(err)}`);
    }
  }

  async rename(from: string, to: string): Promise<void> {
    try {
      renameSync(this.path(from), this.path(to));
    } catch (err) {
      throw new FtpctlError(`${from}: cannot rename to ${to}: ${fsReason(err)}`);
    }
  }

  /** Removes a file or an empty directory; never a tree. */
  async remove(path: string): Promise<void> {
    const real = this.path(path);
    try {
      if (lstatSync(real).isDirectory()) rmdirSync(real);
      else unlinkSync(real);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
      throw new FtpctlError(`${path}: cannot remove: ${fsReason(err)}`);
    }
  }
}
