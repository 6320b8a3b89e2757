/**
 * Writes a key and its certificate so that neither is ever half-written,
 * the key is never readable by anyone but its owner, not even for an
 * instant, and an existing pair is replaced only on request, with a backup.
 *
 * Every file goes through src/core/atomic-write.ts (one writer, one
 * backup name, <file>.bak); what is particular here is that both files are
 * staged before either is put in place, so a failure while writing (a full
 * disk) leaves the old pair whole, and that links are never followed: a
 * certificate path that is a link usually points at a CA's files.
 *
 * A crash between the two renames (microseconds apart, key first) can leave
 * the new key beside the old certificate. That pair does not match, and
 * `cert inspect` and `lint --host` (VSF803) both say so: "the private key
 * does not belong to this certificate"; run `cert generate --force` again.
 */
import { randomBytes } from "node:crypto";
import { closeSync, constants, lstatSync, openSync, readlinkSync, statSync, type Stats } from "node:fs";
import { basename, dirname, join } from "node:path";
import { backupPath, checkTarget, commit, discard, fileKind, keepBackup, PRIVATE_MODE, FILE_MODE, removeQuietly, stage, syncDir, type Staged, type Target } from "../core/atomic-write.js";
import { errnoCode, errnoReason } from "../core/errno.js";
import { InputError, UsageError } from "../core/errors.js";

export const KEY_MODE = PRIVATE_MODE;
export const CERT_MODE = FILE_MODE;

export interface Output {
  readonly path: string;
  readonly data: string;
  /** KEY_MODE for anything holding a private key, CERT_MODE for a certificate alone. */
  readonly mode: number;
}

export { backupPath };

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
    const code = errnoCode(err);
    const hint = (code === "EACCES" || code === "EPERM") && process.getuid?.() !== 0 ? " (run as root, or choose other paths with --cert and --key)" : "";
    throw new InputError(path, `cannot create files in ${dir}: ${code === "ENOENT" ? "it does not take new files" : errnoReason(err)}${hint}`);
  }
  removeQuietly(probe);
}

/** The same file under two names (a link, a hard link, ./x and x): by device and inode, or by directory for a new file. */
function sameFile(a: string, b: string): boolean {
  const id = (p: string): string | undefined => {
    let st: Stats;
    try {
      st = statSync(p);
    } catch {
      try {
        const d = statSync(dirname(p));
        return `new:${d.dev}:${d.ino}/${basename(p)}`;
      } catch {
        return undefined;
      }
    }
    return `${st.dev}:${st.ino}`;
  };
  const x = id(a);
  return x !== undefined && x === id(b);
}

/**
 * Everything that can be known before spending seconds on a key: each
 * directory exists and takes new files, each file is either absent or
 * (with `force`) a regular file we may replace, and no two outputs are one
 * file under two names (which would write the key, then overwrite it with
 * the certificate).
 */
export function preflight(paths: readonly string[], force: boolean): void {
  for (const [i, path] of paths.entries()) {
    const other = paths.slice(0, i).find((p) => sameFile(p, path));
    if (other !== undefined) throw new UsageError(`${other} and ${path} are the same file; give the key and the certificate different files, or the same path for one file holding both`);
  }
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
    // What is there decides first: a device or a link is refused as such, whoever runs this.
    let st;
    try {
      st = lstatSync(path);
    } catch {
      st = undefined;
    }
    if (st?.isSymbolicLink()) {
      throw new InputError(path, `is a symbolic link to ${readlinkSync(path)}; ftpctl will not replace a link (it may point at a CA-issued certificate): remove it or choose another path`);
    }
    if (st && !st.isFile()) throw new InputError(path, st.isDirectory() ? "is a directory; give a file name" : `is ${fileKind(st)}; refusing to replace it`);
    if (!probed.has(dir)) probeDir(path, dir);
    probed.add(dir);
    if (st && !force) throw new UsageError(`${path} already exists; pass --force to replace it (the old file is kept as ${backupPath(path)})`);
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
  const staged: Staged[] = [];
  let placed = 0;
  try {
    for (const out of outputs) {
      const target: Target = checkTarget(out.path, "refuse");
      if (target.existing && !force) throw new UsageError(`${out.path} appeared while the key was being generated; pass --force to replace it`);
      staged.push(stage(target, out.data, { mode: out.mode }));
    }
    const backups = staged.filter((s) => s.target.existing).map((s) => keepBackup(s.target));
    for (const s of staged) {
      try {
        commit(s);
        placed++;
      } catch (err) {
        const done = outputs.slice(0, placed).map((o) => o.path);
        throw done.length && err instanceof InputError ? new InputError(s.target.shown, `${err.message.slice(s.target.shown.length + 2)} (already written: ${done.join(", ")})`) : err;
      }
    }
    for (const dir of new Set(staged.map((s) => dirname(s.target.path)))) syncDir(dir);
    return { backups };
  } finally {
    for (const s of staged.slice(placed)) discard(s);
  }
}
