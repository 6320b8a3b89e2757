/**
 * Writes a key and its certificate so that neither is ever half-written,
 * the key is never readable by anyone but its owner, not even for an
 * instant, and an existing pair is replaced only on request, with a backup.
 *
 * src/core/atomic-write.ts would keep the key private too (it creates 0600
 * before widening), but it renames each file as it goes; here both files
 * are staged first and put in place back to back, so a failure while
 * writing (a full disk) leaves the old pair whole, and a file that appears
 * after the check is never clobbered without --force.
 */
import { randomBytes } from "node:crypto";
import {
  closeSync,
  constants,
  copyFileSync,
  fchmodSync,
  fsyncSync,
  linkSync,
  lstatSync,
  openSync,
  readlinkSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { syncDir } from "../core/atomic-write.js";
import { FtpctlError, InputError, UsageError } from "../core/errors.js";

export const KEY_MODE = 0o600;
export const CERT_MODE = 0o644;

export interface Output {
  readonly path: string;
  readonly data: string;
  /** KEY_MODE for anything holding a private key, CERT_MODE for a certificate alone. */
  readonly mode: number;
}

export const backupPath = (path: string): string => `${path}.bak`;

function errnoReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === "EACCES" || e.code === "EPERM") return "permission denied";
  if (e.code === "EROFS") return "read-only file system";
  if (e.code === "ENOSPC") return "no space left on device";
  if (e.code === "ENOENT") return "no such directory";
  return e.message;
}

/**
 * Creates and removes a file where the output will go. access(2) is not
 * enough: root passes it on a read-only mount or in /proc, and a quota,
 * an immutable flag or a security module can still refuse the create.
 */
function probeDir(path: string, dir: string): void {
  const probe = join(dir, `.ftpctl-probe-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    closeSync(openSync(probe, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const hint = (code === "EACCES" || code === "EPERM") && process.getuid?.() !== 0 ? " (run as root, or choose other paths with --cert and --key)" : "";
    throw new InputError(path, `cannot create files in ${dir}: ${code === "ENOENT" ? "it does not take new files" : errnoReason(err)}${hint}`);
  }
  removeQuietly(probe);
}

/**
 * Everything that can be known before spending seconds on a key: each
 * directory exists and takes new files, and each file is either absent or
 * (with `force`) a regular file we may replace.
 */
export function preflight(paths: readonly string[], force: boolean): void {
  const probed = new Set<string>();
  for (const path of paths) {
    const dir = dirname(path);
    let dirStat;
    try {
      dirStat = statSync(dir);
    } catch {
      throw new InputError(path, `directory ${dir} does not exist`);
    }
    if (!dirStat.isDirectory()) throw new InputError(path, `${dir} is not a directory`);
    if (!probed.has(dir)) probeDir(path, dir);
    probed.add(dir);
    let st;
    try {
      st = lstatSync(path);
    } catch {
      continue;
    }
    if (st.isSymbolicLink()) {
      throw new InputError(path, `is a symbolic link to ${readlinkSync(path)}; ftpctl will not replace a link (it may point at a CA-issued certificate): remove it or choose another path`);
    }
    if (!st.isFile()) throw new InputError(path, st.isDirectory() ? "is a directory; give a file name" : "exists and is not a regular file");
    if (!force) throw new UsageError(`${path} already exists; pass --force to replace it (the old file is kept as ${backupPath(path)})`);
  }
}


/**
 * A new file beside `out.path`, created with its final permissions: for a
 * key, O_CREAT|O_EXCL with mode 0600 means no moment exists at which the
 * file is wider, and no chmod follows. (A umask can only narrow it further.)
 */
function stage(out: Output): string {
  const tmp = join(dirname(out.path), `.${basename(out.path)}.ftpctl-${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, out.mode);
    // The certificate is public, and clients may fetch it: undo a umask that narrowed it. Never done for a key.
    if (out.mode === CERT_MODE) fchmodSync(fd, CERT_MODE);
    const bytes = Buffer.from(out.data, "utf8");
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    return tmp;
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    removeQuietly(tmp);
    throw new FtpctlError(`${out.path}: cannot write: ${errnoReason(err)}`);
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Never created, or already moved into place.
  }
}

/**
 * The old file, kept as <path>.bak. A hard link keeps its inode, so mode and
 * owner stay exactly as they were (a key stays private) and nothing is
 * copied; a file system without links gets a copy with the same mode.
 */
function backUp(path: string): string {
  const bak = backupPath(path);
  const tmp = `${bak}.ftpctl-${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  try {
    try {
      linkSync(path, tmp);
    } catch {
      copyFileSync(path, tmp, constants.COPYFILE_EXCL);
    }
    renameSync(tmp, bak);
    return bak;
  } catch (err) {
    removeQuietly(tmp);
    throw new FtpctlError(`${path}: cannot keep a backup as ${bak}: ${errnoReason(err)}; nothing was replaced`);
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

export interface Written {
  /** Backups made of files that were replaced, in the order of `outputs`. */
  readonly backups: readonly string[];
}

/**
 * Stages every output, backs up the files being replaced (only with
 * `force`), then puts the new files in place one right after the other.
 * Without `force` the final step is link(2), which fails rather than
 * replace a file that appeared since preflight().
 */
export function writeOutputs(outputs: readonly Output[], force: boolean): Written {
  const staged: string[] = [];
  let placed = 0;
  try {
    for (const out of outputs) staged.push(stage(out));
    const backups = force ? outputs.filter((o) => exists(o.path)).map((o) => backUp(o.path)) : [];
    for (const [i, out] of outputs.entries()) {
      const tmp = staged[i]!;
      try {
        if (force) renameSync(tmp, out.path);
        else {
          linkSync(tmp, out.path);
          unlinkSync(tmp);
        }
        placed++;
      } catch (err) {
        const done = outputs.slice(0, i).map((o) => o.path);
        const code = (err as NodeJS.ErrnoException).code;
        const why = code === "EEXIST" ? "it appeared while the key was being generated; pass --force to replace it" : errnoReason(err);
        throw new FtpctlError(`${out.path}: cannot put in place: ${why}${done.length ? ` (already written: ${done.join(", ")})` : ""}`);
      }
    }
    for (const dir of new Set(outputs.map((o) => dirname(o.path)))) syncDir(dir);
    return { backups };
  } finally {
    for (const tmp of staged.slice(placed)) removeQuietly(tmp);
  }
}
