/**
 * Permission checks as the kernel's access() makes them for a session
 * account: only the owner class applies to the owner, only the group class to
 * members, and root passes every check (checked with vsftpd: a 0557 home owned
 * by the user is not writable to it, and nopriv_user=root makes every chroot
 * writable). ACLs and read-only mounts are not seen.
 */
import { posix } from "node:path";
import type { FileInfo, HostFacts, PasswdEntry } from "../../host/facts.js";

function allowed(info: FileInfo, user: PasswdEntry, groups: readonly number[], bit: 1 | 2 | 4): boolean {
  if (user.uid === 0) return true;
  if (info.uid === user.uid) return (info.mode & (bit << 6)) !== 0;
  if (groups.includes(info.gid)) return (info.mode & (bit << 3)) !== 0;
  return (info.mode & bit) !== 0;
}

export function writableBy(host: HostFacts, info: FileInfo, user: PasswdEntry): boolean {
  return allowed(info, user, host.groupsOf(user), 2);
}

/**
 * Whether `user` can chdir into `path`: every directory on the way must be
 * searchable. Walks the path as written, so it never claims a refusal that a
 * symlinked component would avoid. A component whose lookup fails with an
 * error (EACCES, ELOOP) proves nothing, so it does not count against the
 * user; callers look the path itself up and report that error.
 */
export function reachableBy(host: HostFacts, path: string, user: PasswdEntry): boolean {
  const groups = host.groupsOf(user);
  const parts = posix.normalize(path).split("/").filter(Boolean);
  let cur = "";
  for (const part of ["", ...parts]) {
    cur = part === "" ? "/" : posix.join(cur, part);
    const found = host.lookup(cur);
    if (found.state === "error") return true;
    if (found.state === "missing" || found.info.type !== "dir" || !allowed(found.info, user, groups, 1)) return false;
  }
  return true;
}
