/**
 * One apply at a time per target: two runs interleaving their steps could
 * each roll back the other's changes. The lock is a file holding the
 * owner's pid, keyed on the resolved target (the real path of --root, or /).
 *
 * It lives where only its owner can create anything: for root a root-owned
 * 0700 /run/ftpctl (not /run/lock, which is world-writable on Debian, so
 * any user could plant a FIFO, a link or a huge file there), made when
 * missing and checked to be a directory of ours that no one else can write
 * to; for anyone else a private directory of their own. So no other user
 * can block an apply. Even so, what is found at the lock path is opened
 * without following a link and without blocking, checked to be a regular
 * file of ours and small, and read with a cap: anything else is not a lock
 * ftpctl made, and is removed (the entry, never what a link points to) and
 * the lock taken.
 *
 * The pid is written to a private temporary file first and linked into
 * place, so a lock is never seen empty: an empty or garbled one is stale.
 */
import { createHash } from "node:crypto";
import { closeSync, constants, fstatSync, linkSync, lstatSync, mkdirSync, openSync, readSync, unlinkSync, writeSync, type Stats } from "node:fs";
import { tmpdir } from "node:os";
import { posix } from "node:path";
import { errnoReason } from "../core/errno.js";
import { FtpctlError } from "../core/errors.js";

export class LockedError extends FtpctlError {}

/** A pid, a newline: anything longer is not a lock ftpctl wrote. */
const LOCK_CAP = 32;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

const euid = (): number => process.geteuid?.() ?? 0;

/** The lock directory cannot be made or used: unusable surroundings, one line, exit 2. */
export class LockDirError extends FtpctlError {
  override readonly exitCode = 2;
}

/** An existing directory of this user's that no one else can enter: `private` in XDG's sense. */
function privateDir(path: string, uid: number): boolean {
  try {
    const st = lstatSync(path);
    return st.isDirectory() && st.uid === uid && (st.mode & 0o077) === 0;
  } catch {
    return false;
  }
}

/** How many names in the temporary directory are tried before giving up: each taken by someone else is skipped. */
const TMP_CANDIDATES = 16;

/** root's lock directory: on the server too, for `apply --ssh` (remote/remote-lock.ts). */
export const ROOT_LOCK_DIR = "/run/ftpctl";

/**
 * The directory for locks: root's under /run; anyone else's in
 * $XDG_RUNTIME_DIR when that is an existing 0700 directory of theirs (a
 * value naming anything else is ignored, not trusted), else in the
 * temporary directory as ftpctl-UID. Another user can create /tmp/ftpctl-UID
 * first, but not block with it: a name held by someone else (or open to
 * others) is skipped for ftpctl-UID.1, .2, ... in order, so every run of
 * this user picks the same first usable name.
 */
export function defaultLockDir(): string {
  const uid = euid();
  if (uid === 0) return ROOT_LOCK_DIR;
  const runtime = process.env["XDG_RUNTIME_DIR"];
  if (runtime && runtime.startsWith("/") && privateDir(runtime, uid)) return `${runtime}/ftpctl`;
  const base = tmpdir();
  const names = Array.from({ length: TMP_CANDIDATES }, (_, i) => posix.join(base, `ftpctl-${uid}${i ? `.${i}` : ""}`));
  for (const dir of names) {
    try {
      lstatSync(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return dir;
      throw new LockDirError(`cannot use the lock directory ${dir}: ${errnoReason(err)}`);
    }
    if (privateDir(dir, uid)) return dir;
  }
  throw new LockDirError(`no usable lock directory: ${names[0]} to ${names.at(-1)} all belong to someone else; set XDG_RUNTIME_DIR to a private directory of yours`);
}

/** Where the lock for a target lives; `target` is the resolved --root (undefined: the live system). */
export function lockPath(target: string | undefined, dir = defaultLockDir()): string {
  const key = createHash("sha256").update(target ?? "/").digest("hex").slice(0, 12);
  return `${dir}/ftpctl-apply-${key}.lock`;
}

/** Creates the lock directory when missing (0700) and checks it is ours and no one else's to write in. */
export function ensureLockDir(dir: string): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw new LockDirError(`cannot create the lock directory ${dir}: ${errnoReason(err)}`);
  }
  let st: Stats;
  try {
    st = lstatSync(dir);
  } catch (err) {
    throw new LockDirError(`cannot use the lock directory ${dir}: ${errnoReason(err)}`);
  }
  const why = st.isSymbolicLink()
    ? "is a symbolic link"
    : !st.isDirectory()
      ? "is not a directory"
      : st.uid !== euid()
        ? `belongs to uid ${st.uid}, not ${euid()}`
        : (st.mode & 0o022) !== 0
          ? `can be written by others (mode 0${(st.mode & 0o777).toString(8)})`
          : undefined;
  if (why) throw new LockedError(`the lock directory ${dir} ${why}; someone else could plant or remove locks there: remove it and run again`);
}

/** The pid in a lock ftpctl made, or undefined for anything else found at the path. */
function owner(path: string): number | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    // A link (ELOOP), a vanished file, anything unreadable: not a lock of ours.
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.uid !== euid() || st.size > LOCK_CAP) return undefined;
    const buf = Buffer.alloc(LOCK_CAP + 1);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const m = /^([1-9][0-9]{0,9})\n$/.exec(buf.toString("latin1", 0, n));
    return m ? Number(m[1]) : undefined;
  } finally {
    closeSync(fd);
  }
}

/** Takes the lock or throws LockedError naming the running apply; returns the release function. */
export function takeApplyLock(path: string): () => void {
  const dir = path.slice(0, path.lastIndexOf("/")) || "/";
  ensureLockDir(dir);
  const tmp = `${path}.${process.pid}.tmp`;
  removeQuietly(tmp);
  try {
    const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    try {
      writeSync(fd, `${process.pid}\n`);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    removeQuietly(tmp);
    throw new LockDirError(`cannot write the apply lock ${tmp}: ${errnoReason(err)}`);
  }
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        // link(2) fails with EEXIST on anything at the path, a dangling link included, and never follows one.
        linkSync(tmp, path);
        const mine = lstatSync(path);
        return () => {
          try {
            const now = lstatSync(path);
            if (now.ino === mine.ino && now.dev === mine.dev) unlinkSync(path);
          } catch {
            // Already gone: nothing to release.
          }
        };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw new LockDirError(`cannot take the apply lock ${path}: ${errnoReason(err)}`);
      }
      const pid = owner(path);
      if (pid !== undefined && alive(pid)) {
        throw new LockedError(`another ftpctl apply is running on this target (pid ${pid}); wait for it to finish (lock: ${path})`);
      }
      // Stale (its owner is gone) or not a lock at all: the entry goes, never what a link names.
      try {
        unlinkSync(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw new LockDirError(`cannot remove the stale apply lock ${path}: ${errnoReason(err)}`);
      }
    }
    throw new LockedError(`could not take the apply lock ${path}`);
  } finally {
    removeQuietly(tmp);
  }
}

/** Left by an earlier process with this pid, or already gone. */
function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Nothing there.
  }
}
