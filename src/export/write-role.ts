/**
 * Writes an exported role into DIR. DIR may be missing (it is created, its
 * parent must exist) or empty; one that holds anything is refused unless
 * `force`. Nothing is ever written through a link: DIR itself, every
 * directory inside it and every file must be a real directory or regular
 * file (or not exist yet), so a link planted in DIR cannot lead a write out
 * of it. Each file is written atomically with its mode from creation (0600
 * for those holding password hashes); a replaced one is kept as FILE.bak.
 */
import { lstatSync, mkdirSync, readdirSync, type Stats } from "node:fs";
import { join, resolve } from "node:path";
import { writeFile } from "../core/atomic-write.js";
import { errnoCode, errnoReason } from "../core/errno.js";
import { fileKind } from "../core/file-kind.js";
import { InputError, UsageError } from "../core/errors.js";
import type { RoleFile } from "./ansible-role.js";

function lstat(path: string, shown: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (err) {
    if (errnoCode(err) === "ENOENT") return undefined;
    throw new InputError(shown, `cannot write: ${errnoReason(err)}`);
  }
}

/** A directory inside the role: created when missing, refused when it is anything but a real directory. */
function ensureDir(path: string, shown: string): void {
  const st = lstat(path, shown);
  if (st === undefined) {
    try {
      mkdirSync(path, { mode: 0o755 });
    } catch (err) {
      throw new InputError(shown, `cannot create: ${errnoReason(err)}`);
    }
    return;
  }
  if (!st.isDirectory()) throw new InputError(shown, `is ${fileKind(st)}, not a directory; refusing to write through it`);
}

export interface WrittenRole {
  readonly dir: string;
  readonly files: readonly string[];
  readonly backups: readonly string[];
}

/** Throws unless DIR can take the role: missing, or an empty real directory, or any real directory with `force`. */
export function checkRoleDir(dir: string, opts: { force: boolean }): { root: string; exists: boolean } {
  if (dir === "") throw new UsageError("export ansible-role: name the directory to write the role into");
  const root = resolve(dir);
  const st = lstat(root, dir);
  if (st === undefined) return { root, exists: false };
  if (!st.isDirectory()) throw new InputError(dir, `is ${fileKind(st)}, not a directory${st.isSymbolicLink() ? " (ftpctl does not write through links)" : ""}`);
  if (!opts.force && readdirSync(root).length > 0) throw new UsageError(`${dir} is not empty; use --force to write the role over what is there (replaced files are kept as FILE.bak)`);
  return { root, exists: true };
}

export function writeRole(dir: string, files: readonly RoleFile[], opts: { force: boolean }): WrittenRole {
  const { root, exists } = checkRoleDir(dir, opts);
  if (!exists) ensureDir(root, dir);
  const written: string[] = [];
  const backups: string[] = [];
  for (const f of files) {
    const parts = f.path.split("/");
    if (parts.some((p) => p === "" || p === "." || p === "..")) throw new Error(`internal: role file path ${f.path}`);
    let at = root;
    for (const p of parts.slice(0, -1)) {
      at = join(at, p);
      ensureDir(at, join(dir, at.slice(root.length + 1)));
    }
    const r = writeFile(join(root, f.path), f.content, { mode: f.mode, exact: true, links: "refuse", backup: true });
    written.push(f.path);
    if (r.backup) backups.push(r.backup);
  }
  return { dir: root, files: written, backups };
}
