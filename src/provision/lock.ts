/**
 * One apply at a time per target: two runs interleaving their steps could
 * each roll back the other's changes. The lock is a file created with
 * O_EXCL holding the owner's pid; a lock whose owner is gone is taken over.
 */
import { createHash } from "node:crypto";
import { closeSync, constants, existsSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { FtpctlError } from "../core/errors.js";

export class LockedError extends FtpctlError {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Where the lock for a target (the live system, or a --root staging tree) lives. */
export function lockPath(root: string | undefined, dir = existsSync("/run/lock") ? "/run/lock" : tmpdir()): string {
  const target = createHash("sha256").update(root ?? "/").digest("hex").slice(0, 12);
  return `${dir}/ftpctl-apply-${target}.lock`;
}

/** Takes the lock or throws LockedError naming the running apply; returns the release function. */
export function takeApplyLock(path: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => {
        try {
          unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const owner = Number.parseInt(readFileSync(path, "utf8"), 10);
      if (Number.isInteger(owner) && owner > 0 && alive(owner)) {
        throw new LockedError(`another ftpctl apply is running on this target (pid ${owner}); wait for it to finish (lock: ${path})`);
      }
      // The owner died without releasing it: a stale lock.
      unlinkSync(path);
    }
  }
  throw new LockedError(`could not take the apply lock ${path}`);
}
