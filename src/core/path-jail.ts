/**
 * A path jail: names inside a directory DIR resolved as if DIR were `/`,
 * the way a process under chroot(DIR) would see them. Written for `--root`
 * staging trees and for a future embedded FTP server, so it knows nothing
 * about either: a pure walk over a two-method file-system interface.
 *
 * The walk goes one component at a time, as the kernel's does:
 *   - `..` pops one component; at the top of the jail it stays at the top
 *     (chroot does the same: `cd /..` inside a chroot is `/`);
 *   - a symbolic link is read and its target spliced in: an absolute target
 *     starts again at the top of the jail (a Debian tree's `var/run -> /run`
 *     means DIR/run), a relative one continues from the link's directory,
 *     and its `..` obeys the rule above, so no link leads out of DIR;
 *   - at most MAX_LINKS links per resolution (Linux's MAXSYMLINKS), then
 *     JailError ELOOP;
 *   - a missing component ends the walk: the rest is taken lexically, so a
 *     dangling link resolves to the path that creating it would create
 *     (where the kernel would say ENOENT for `missing/..`, the lexical rest
 *     still stays inside DIR, and `exists` is false);
 *   - a link in the last component is followed or reported, as the caller
 *     chooses, so a caller that must not replace a link can refuse.
 *
 * Only `lstat` and `readlink` are ever called, and only on paths inside
 * DIR. The result names a host path inside DIR; between the walk and the
 * caller's use of it, a process that can write inside DIR could swap a
 * directory for a link (Node has no openat, so the walk cannot hold each
 * directory open). Callers that change files open the final component with
 * O_NOFOLLOW, which closes the last step of that race. The intermediate
 * steps are closed by policy, as sshd's StrictModes does: a caller running
 * as root passes `checkDir`, called for DIR and for every directory the walk
 * passes through, and `trustProblem` refuses any directory that someone
 * other than root (or the caller) owns, or that others or a group other
 * than root's can write to without the sticky bit. Only such a person could rename an entry
 * mid-walk; in a directory like /tmp (root's, sticky) others cannot rename
 * what they do not own. The --root directory's ancestors are checked the
 * same way once, before anything runs (`untrustedAncestor`).
 *
 * Examples, in a tree DIR with `var/run -> /run` and `etc/os-release ->
 * ../usr/lib/os-release`:
 *   /var/run/vsftpd            -> DIR/run/vsftpd
 *   /etc/os-release            -> DIR/usr/lib/os-release
 *   /../../etc/passwd          -> DIR/etc/passwd
 */
import { lstatSync, readlinkSync } from "node:fs";
import { posix } from "node:path";

/** Linux's MAXSYMLINKS: links followed in one resolution before ELOOP. */
export const MAX_LINKS = 40;

export type EntryType = "dir" | "link" | "other";

/** What the jail needs from a file system: both take host paths inside DIR. */
export interface JailFs {
  /** The entry's type without following a link; undefined when it does not exist. */
  lstat(hostPath: string): EntryType | undefined;
  readlink(hostPath: string): string;
}

export type JailErrorCode = "ELOOP" | "ENOTDIR" | "UNTRUSTED";

/** A path that cannot be resolved inside the jail; `code` as the kernel would say it, or UNTRUSTED for a directory `checkDir` refused. */
export class JailError extends Error {
  constructor(
    readonly code: JailErrorCode,
    readonly path: string,
    /** For UNTRUSTED: which directory, and why. */
    readonly reason?: string,
  ) {
    super(`${path}: ${code === "ELOOP" ? "too many levels of symbolic links" : code === "ENOTDIR" ? "a component of the path is not a directory" : reason}`);
    this.name = "JailError";
  }
}

/** What `trustProblem` needs of a directory: lstat's owner and mode. */
export interface DirFacts {
  readonly uid: number;
  readonly gid: number;
  readonly mode: number;
  readonly isDirectory: boolean;
}

/**
 * Why a directory is not safe to walk through as root, or undefined: it
 * belongs to someone other than root or `uid`, or group or others can write
 * to it and it is not sticky. Pure; the caller supplies the lstat facts.
 */
export function trustProblem(dir: string, st: DirFacts, uid: number): string | undefined {
  if (!st.isDirectory) return undefined;
  if (st.uid !== 0 && st.uid !== uid) return `${dir} belongs to uid ${st.uid}, who could swap its entries for links while ftpctl works as root`;
  // Group root's write is root's; sticky means no one renames what they do not own.
  const writable = (st.mode & 0o002) !== 0 || ((st.mode & 0o020) !== 0 && st.gid !== 0);
  if (writable && (st.mode & 0o1000) === 0) {
    return `${dir} can be written by ${st.mode & 0o002 ? "others" : `group ${st.gid}`} (mode 0${(st.mode & 0o7777).toString(8)}), who could swap its entries for links while ftpctl works as root`;
  }
  return undefined;
}

/** node:fs facts for trustProblem, or undefined when the entry is gone. */
function dirFacts(p: string): DirFacts | undefined {
  try {
    const st = lstatSync(p);
    return { uid: st.uid, gid: st.gid, mode: st.mode, isDirectory: st.isDirectory() };
  } catch {
    return undefined;
  }
}

/** A `checkDir` for node:fs: throws JailError UNTRUSTED for a directory `trustProblem` refuses. */
export function strictDirs(uid: number): (hostDir: string, path: string) => void {
  return (hostDir, path) => {
    const facts = dirFacts(hostDir);
    const why = facts && trustProblem(hostDir, facts, uid);
    if (why) throw new JailError("UNTRUSTED", path, `refusing to work through ${why}`);
  };
}

/** The first of `dir`'s ancestors (/ down to its parent) that trustProblem refuses, with the reason; `dir` is a real path. */
export function untrustedAncestor(dir: string, uid: number): string | undefined {
  const comps = parts(dir);
  for (let i = 0; i < comps.length; i++) {
    const anc = `/${comps.slice(0, i).join("/")}`;
    const facts = dirFacts(anc);
    const why = facts && trustProblem(anc, facts, uid);
    if (why) return why;
  }
  return undefined;
}

export interface Resolved {
  /** The path as seen inside the jail, links followed: `/run/vsftpd`. */
  readonly path: string;
  /** The same path on the host: DIR joined with `path`. */
  readonly host: string;
  /** The final component exists (as a link, when `lastIsLink`). */
  readonly exists: boolean;
  /** The final component is a symbolic link that was not followed (`followLast: false`). */
  readonly lastIsLink: boolean;
}

export interface ResolveOptions {
  /** Follow a link in the final component (reading a file) or report it (changing one). */
  readonly followLast: boolean;
  readonly fs?: JailFs;
  /** Called for the top and every directory walked through, before its entries are looked at; throws to refuse it. */
  readonly checkDir?: (hostDir: string, path: string) => void;
}

const parts = (p: string): string[] => p.split("/").filter((c) => c !== "" && c !== ".");

/**
 * Lexical normalisation against a working directory, `..` stopping at the
 * top: pyftpdlib's ftpnorm. Touches no file system; `resolveInJail` is
 * what follows links.
 *   normalize("../../etc", "/srv") -> "/etc"
 */
export function normalize(path: string, cwd = "/"): string {
  const out: string[] = [];
  for (const c of parts(path.startsWith("/") ? path : `${cwd}/${path}`)) {
    if (c === "..") out.pop();
    else out.push(c);
  }
  return `/${out.join("/")}`;
}

/** A jail path on the host: `/etc/passwd` in DIR is DIR/etc/passwd. */
export function hostPath(root: string, path: string): string {
  const inside = normalize(path);
  if (root === "/") return inside;
  return inside === "/" ? posix.normalize(root) : posix.join(root, inside);
}

/** node:fs as a JailFs: ENOENT is "missing", every other error is the caller's. */
export const nodeJailFs: JailFs = {
  lstat(p) {
    try {
      const st = lstatSync(p);
      return st.isSymbolicLink() ? "link" : st.isDirectory() ? "dir" : "other";
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw err;
    }
  },
  readlink: (p) => readlinkSync(p),
};

/**
 * Resolves `path` (absolute inside the jail; a relative one is taken from
 * the top) inside `root`, an absolute host directory that is itself already
 * resolved (a realpath).
 */
export function resolveInJail(root: string, path: string, opts: ResolveOptions): Resolved {
  const fs = opts.fs ?? nodeJailFs;
  const done: string[] = [];
  const todo = parts(path);
  let links = 0;
  let exists = true;
  let lastIsLink = false;
  opts.checkDir?.(hostPath(root, "/"), path);
  while (todo.length) {
    const c = todo.shift()!;
    if (c === "..") {
      done.pop();
      continue;
    }
    if (!exists) {
      // Below a missing component nothing exists: the rest is lexical.
      done.push(c);
      continue;
    }
    done.push(c);
    const here = hostPath(root, `/${done.join("/")}`);
    const type = fs.lstat(here);
    if (type === undefined) {
      exists = false;
      continue;
    }
    if (type === "link") {
      if (todo.length === 0 && !opts.followLast) {
        lastIsLink = true;
        break;
      }
      if (++links > MAX_LINKS) throw new JailError("ELOOP", path);
      const target = fs.readlink(here);
      done.pop();
      if (target.startsWith("/")) done.length = 0;
      todo.unshift(...parts(target));
      continue;
    }
    if (type !== "dir" && todo.length) throw new JailError("ENOTDIR", path);
    // Walked through (something follows): its entries decide where the path leads, so its owner must be trusted.
    if (type === "dir" && todo.some((t) => t !== "..")) opts.checkDir?.(here, path);
  }
  const inside = `/${done.join("/")}`;
  return { path: inside, host: hostPath(root, inside), exists, lastIsLink };
}
