/**
 * A session's view of the file system: a jail root on the host (a realpath)
 * and a working directory inside it. Every path argument goes through
 * `place`, which is src/core/path-jail.ts's walk: `..`, absolute paths and
 * symbolic links all stay inside the root.
 */
import { JailError, normalize, resolveInJail, type Resolved } from "../core/path-jail.js";

export interface Jail {
  /** Host directory that is `/` for this session; "/" for a local user who is not chrooted. */
  readonly root: string;
}

/**
 * Resolves a client's path against the working directory inside the jail.
 * `followLast: false` for verbs that act on a name itself (DELE, RNFR, LIST
 * of a link), so a link is removed or renamed, never what it points to.
 * Undefined when the path cannot be resolved (a loop, a file used as a directory).
 */
export function place(jail: Jail, cwd: string, arg: string, followLast = true): Resolved | undefined {
  try {
    return resolveInJail(jail.root, normalize(arg, cwd), { followLast });
  } catch (err) {
    if (err instanceof JailError) return undefined;
    throw err;
  }
}
