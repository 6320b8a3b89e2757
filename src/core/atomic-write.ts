/**
 * The one writer for every file ftpctl creates: configs, profiles, keys,
 * certificates, backups. Readers (vsftpd on a reload, say) see either the
 * old or the new contents, never a half-written file, and nothing but a
 * regular file is ever replaced.
 *
 * What a target may be:
 * - absent: created. The final step is link(2), which fails rather than
 *   replace a file that appeared meanwhile.
 * - a regular file: replaced by rename(2), after a second look just before
 *   the rename shows it is still the same file.
 * - a symbolic link: with `links: "follow"` (the paths a user names: render
 *   -o, init -o, import -o) the link is kept and the regular file it
 *   resolves to is replaced, provided every link on the way belongs to root
 *   or to the caller (as the kernel's protected_symlinks asks) and none
 *   goes through /proc (/dev/stdout is a process's descriptor, not a file:
 *   use `-o -`). With `links: "refuse"` (the default: backups, keys,
 *   certificates, apply's files) a link is refused.
 * - anything else (directory, device, FIFO, socket, a file in /proc or
 *   /sys): refused, without being opened.
 *
 * Every failure is an InputError (exit 2) naming the path and the reason
 * in src/core/errno.ts's words; the temporary file is gone and the target
 * untouched. A window remains between the last look and rename(2): Node
 * has no renameat2(RENAME_NOREPLACE), so a file swapped in by someone who
 * can write to the directory in that instant is replaced.
 */
import { randomBytes } from "node:crypto";
import {
  closeSync,
  constants,
  copyFileSync,
  fchmodSync,
  fchownSync,
  fsyncSync,
  linkSync,
  lstatSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  statfsSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { errnoCode, errnoReason } from "./errno.js";
import { InputError } from "./errors.js";
import { fileKind } from "./file-kind.js";

export { fileKind };

export interface Ownership {
  /** Permission bits; file type bits are ignored. */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

export type LinkPolicy = "follow" | "refuse";

/** The one name a replaced file is kept under, by every command: `<file>.bak`, the previous backup replaced. */
export const backupPath = (path: string): string => `${path}.bak`;

/** Mode of a new file nobody asked otherwise about: configs, profiles, certificates. */
export const FILE_MODE = 0o644;
/** Mode of anything holding a private key, from the moment it exists. */
export const PRIVATE_MODE = 0o600;

const PROC_SUPER_MAGIC = 0x9fa0;
const SYSFS_MAGIC = 0x62656572;
const MAX_LINKS = 40;

/** The directory entry must reach the disk too, or a crash can undo the rename. */
export function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on directories; the data itself is already synced.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function lstatOrUndefined(path: string, shown: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (err) {
    // ENOTDIR: a parent is a file; the directory check names it.
    if (errnoCode(err) === "ENOENT" || errnoCode(err) === "ENOTDIR") return undefined;
    throw new InputError(shown, `cannot write: ${errnoReason(err)}`);
  }
}

/** A file ftpctl is about to write: where it really goes, and what is there now. */
export interface Target {
  /** The path as the user gave it, for messages. */
  readonly shown: string;
  /** Where the new file goes: `shown`, or the regular file a followed link resolves to. */
  readonly path: string;
  /** The regular file there now, or undefined when there is none. */
  readonly existing: Stats | undefined;
  /** `shown` is a link that was followed to `path`. */
  readonly followed: boolean;
}

function refuseSpecialDir(shown: string, dir: string): void {
  let type: number;
  try {
    type = Number(statfsSync(dir).type);
  } catch {
    return;
  }
  if (type === PROC_SUPER_MAGIC || type === SYSFS_MAGIC) {
    throw new InputError(shown, `cannot write: ${dir} is a kernel file system (/proc or /sys), not a place for files${shown.startsWith("/dev/std") ? "; use '-' for standard output" : ""}`);
  }
}

/** Follows the links at the end of `path` under the rules above; returns the path of what they name. */
function followLinks(shown: string, path: string): string {
  const me = process.getuid?.() ?? 0;
  let p = path;
  for (let hops = 0; hops < MAX_LINKS; hops++) {
    const st = lstatOrUndefined(p, shown);
    if (!st?.isSymbolicLink()) return p;
    if (st.uid !== 0 && st.uid !== me) {
      throw new InputError(shown, `cannot write: ${p} is a symbolic link owned by uid ${st.uid}; ftpctl follows only links owned by root or by you`);
    }
    const to = resolve(dirname(p), readlinkSync(p));
    // /proc/self/fd/N names whatever a process has open (the shell's redirection, a terminal): never a file to replace.
    if ([p, to].some((x) => x === "/proc" || x.startsWith("/proc/"))) {
      throw new InputError(shown, `cannot write: it is a link into /proc (a process's open file, not a file to replace)${shown.startsWith("/dev/std") ? "; use '-' for standard output" : ""}`);
    }
    p = to;
  }
  throw new InputError(shown, "cannot write: too many levels of symbolic links");
}

/**
 * Looks at the target without opening it: a regular file or nothing may be
 * written, a link only under `links: "follow"`, and the directory must exist.
 */
export function checkTarget(path: string, links: LinkPolicy = "refuse"): Target {
  const shown = path;
  let real = resolve(path);
  const first = lstatOrUndefined(real, shown);
  if (first?.isSymbolicLink()) {
    if (links === "refuse") {
      let to = "";
      try {
        to = ` to ${readlinkSync(real)}`;
      } catch {
        // Gone meanwhile; the refusal stands.
      }
      throw new InputError(shown, `is a symbolic link${to}; refusing to replace a link: remove it or choose another path`);
    }
    real = followLinks(shown, real);
  }
  const dir = dirname(real);
  let dirStat: Stats;
  try {
    dirStat = statSync(dir);
  } catch (err) {
    const code = errnoCode(err);
    throw new InputError(shown, `cannot write: ${code === "ENOENT" ? `directory ${dir} does not exist` : code === "ENOTDIR" ? `${dir} is not a directory` : errnoReason(err)}`);
  }
  if (!dirStat.isDirectory()) throw new InputError(shown, `cannot write: ${dir} is not a directory`);
  // Resolve the directory's own links too, so the temporary file and the rename meet in one place.
  try {
    real = join(realpathSync(dir), basename(real));
  } catch (err) {
    throw new InputError(shown, `cannot write: ${errnoReason(err)}`);
  }
  refuseSpecialDir(shown, dirname(real));
  const st = lstatOrUndefined(real, shown);
  if (st === undefined && first?.isSymbolicLink()) {
    throw new InputError(shown, `cannot write: it is a symbolic link to ${real}, which does not exist; ftpctl writes through a link only to a regular file`);
  }
  if (st && !st.isFile()) {
    const hint = st.isDirectory() ? "; give a file name" : shown.startsWith("/dev/std") ? "; use '-' for standard output" : "";
    throw new InputError(shown, `is ${fileKind(st)}${real !== resolve(shown) ? ` (${real})` : ""}; refusing to replace it${hint}`);
  }
  return { shown, path: real, existing: st, followed: first?.isSymbolicLink() ?? false };
}

/** A temporary file beside the target, written and synced, not yet in place. */
export interface Staged {
  readonly target: Target;
  readonly tmp: string;
}

export interface StageOptions {
  /** Permission bits of the new file. */
  readonly mode: number;
  /** Owner to give it (root writing a file another user owns); the caller's when absent. */
  readonly owner?: { readonly uid: number; readonly gid: number };
}

const tmpName = (path: string): string => join(dirname(path), `.${basename(path)}.ftpctl-${process.pid}-${randomBytes(4).toString("hex")}.tmp`);

export function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Never created, or already moved into place.
  }
}

/**
 * Writes `data` to a new file beside the target. The file is created
 * O_EXCL|O_NOFOLLOW and no wider than 0600; a wider mode is set on the
 * descriptor only after the chown (which would clear set-id bits), so no one
 * else can open it before it is complete. A mode of 0600 is never changed
 * after creation: a key is private from its first instant.
 */
export function stage(target: Target, data: Uint8Array | string, opts: StageOptions): Staged {
  const tmp = tmpName(target.path);
  const mode = opts.mode & 0o7777;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, PRIVATE_MODE);
    // Fails for a non-root user replacing someone else's file: better refused than silently re-owned.
    if (opts.owner) fchownSync(fd, opts.owner.uid, opts.owner.gid);
    if (mode !== PRIVATE_MODE) fchmodSync(fd, mode);
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    return { target, tmp };
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    removeQuietly(tmp);
    throw new InputError(target.shown, `cannot write: ${errnoReason(err)}`);
  }
}

/**
 * Puts a staged file in place: link(2) when the target was absent (so a file
 * that appeared meanwhile is never clobbered), rename(2) over the regular
 * file found by checkTarget() after checking it is still that file.
 */
export function commit(s: Staged): void {
  const { target, tmp } = s;
  try {
    const now = lstatOrUndefined(target.path, target.shown);
    if (!target.existing) {
      if (now) throw new InputError(target.shown, "cannot write: it appeared while ftpctl was writing; nothing was replaced");
      try {
        linkSync(tmp, target.path);
        removeQuietly(tmp);
      } catch (err) {
        const code = errnoCode(err);
        if (code === "EEXIST") throw new InputError(target.shown, "cannot write: it appeared while ftpctl was writing; nothing was replaced");
        // A file system without hard links (vfat): the check above is the best there is.
        if (code !== "EPERM" && code !== "EOPNOTSUPP" && code !== "EMLINK") throw err;
        renameSync(tmp, target.path);
      }
    } else {
      if (!now || !now.isFile() || now.ino !== target.existing.ino || now.dev !== target.existing.dev) {
        throw new InputError(target.shown, "cannot write: it was replaced by another file while ftpctl was writing; nothing was replaced");
      }
      renameSync(tmp, target.path);
    }
  } catch (err) {
    removeQuietly(tmp);
    if (err instanceof InputError) throw err;
    throw new InputError(target.shown, `cannot write: ${errnoReason(err)}`);
  }
}

/** Removes a staged file that will not be put in place. */
export function discard(s: Staged): void {
  removeQuietly(s.tmp);
}

/**
 * Keeps the target's current file as backupPath(): a hard link to the same
 * inode, so mode and owner stay exactly as they were (a key stays private)
 * and nothing is copied; a file system without links gets a copy with the
 * same mode. The backup's own name is a target like any other: a link, a
 * directory or a device there is refused. Returns the backup's path.
 */
export function keepBackup(target: Target): string {
  const bak = checkTarget(backupPath(target.path), "refuse");
  const tmp = `${bak.path}.ftpctl-${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  try {
    try {
      linkSync(target.path, tmp);
    } catch {
      copyFileSync(target.path, tmp, constants.COPYFILE_EXCL);
    }
    renameSync(tmp, bak.path);
    return bak.path;
  } catch (err) {
    removeQuietly(tmp);
    throw new InputError(target.shown, `cannot keep a backup as ${bak.path}: ${errnoReason(err)}; nothing was replaced`);
  }
}

export interface WriteOptions {
  /** Mode of a new file; a replaced file keeps its own mode and owner unless `exact`. */
  readonly mode: number;
  /** Give the file exactly `mode` and `owner`, whatever the old file had. */
  readonly exact?: boolean;
  readonly owner?: { readonly uid: number; readonly gid: number };
  readonly links?: LinkPolicy;
  /** Keep the file being replaced as backupPath(). */
  readonly backup?: boolean;
  /** Refuse when the target exists. */
  readonly create?: boolean;
}

export interface WriteResult {
  /** The file written (a followed link's target). */
  readonly path: string;
  /** Where the replaced file was kept, when `backup` and there was one. */
  readonly backup?: string;
}

/** The whole write: check, stage, back up, put in place, sync the directory. */
export function writeFile(path: string, data: Uint8Array | string, opts: WriteOptions): WriteResult {
  const target = checkTarget(path, opts.links ?? "refuse");
  if (opts.create && target.existing) throw new InputError(path, "already exists");
  const old = target.existing;
  const keep = old && !opts.exact;
  const staged = stage(target, data, {
    mode: keep ? old.mode & 0o7777 : opts.mode,
    ...(keep ? { owner: { uid: old.uid, gid: old.gid } } : opts.owner ? { owner: opts.owner } : {}),
  });
  let backup: string | undefined;
  try {
    if (opts.backup && old) backup = keepBackup(target);
    commit(staged);
  } finally {
    discard(staged);
  }
  syncDir(dirname(target.path));
  return backup === undefined ? { path: target.path } : { path: target.path, backup };
}

/**
 * Replaces `path` with exactly `owner`'s mode, uid and gid. `path` must be a
 * regular file or absent; a link is refused. Kept for the Executor and
 * `lint --fix`, which resolve their paths themselves.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string, owner: Ownership): void {
  writeFile(path, data, { mode: owner.mode, owner: { uid: owner.uid, gid: owner.gid }, exact: true });
}

/**
 * Creates `path` only if nothing is there (O_CREAT|O_EXCL|O_NOFOLLOW), for
 * lock files: returns false when something already is. Written and synced
 * before it returns; any other failure is an InputError.
 */
export function createExclusive(path: string, data: Uint8Array | string, mode = FILE_MODE): boolean {
  const target = checkTarget(path, "refuse");
  if (target.existing) return false;
  let fd: number | undefined;
  try {
    fd = openSync(target.path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, PRIVATE_MODE);
    if ((mode & 0o7777) !== PRIVATE_MODE) fchmodSync(fd, mode & 0o7777);
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    return true;
  } catch (err) {
    if (errnoCode(err) === "EEXIST") return false;
    if (fd !== undefined) {
      closeSync(fd);
      fd = undefined;
      removeQuietly(target.path);
    }
    throw new InputError(path, `cannot create: ${errnoReason(err)}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
