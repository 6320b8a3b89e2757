/**
 * Replaces a file so that readers (vsftpd on a reload, say) see either the
 * old or the new contents, never a half-written file. The new file takes the
 * old one's mode and owner: vsftpd refuses a config that root does not own,
 * and a temporary file belongs to whoever created it.
 */
import { randomBytes } from "node:crypto";
import { closeSync, constants, fchmodSync, fchownSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { FtpctlError } from "./errors.js";

export interface Ownership {
  /** Permission bits; file type bits are ignored. */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === "EACCES" || e.code === "EPERM") return `permission denied (${e.syscall ?? "write"})`;
  if (e.code === "EROFS") return "read-only file system";
  if (e.code === "ENOSPC") return "no space left on device";
  return e.message;
}

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

/**
 * Writes `data` to a temporary file beside `path` (same directory, so the
 * rename cannot cross file systems), gives it `owner`'s mode, uid and gid,
 * syncs it and renames it over `path`. `path` must not be a symlink the
 * caller wants to keep: the rename replaces the link itself.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string, owner: Ownership): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.ftpctl-${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
  const mode = owner.mode & 0o7777;
  let fd: number | undefined;
  try {
    // Created without group/other access and widened only after the chown, so no one else can open it in between.
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    // Fails for a non-root user replacing someone else's file: better refused than silently re-owned.
    fchownSync(fd, owner.uid, owner.gid);
    // After the chown, which would clear set-id bits, and explicit, because the umask narrowed the creation mode.
    fchmodSync(fd, mode);
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // Never created, or already renamed.
    }
    throw new FtpctlError(`${path}: cannot write: ${reason(err)}`);
  }
  syncDir(dir);
}
