/**
 * vsftpd's "writable root inside chroot()" question (secutil.c: after
 * dropping to the session user, access("/", W_OK) inside the chroot), asked
 * of the user an embedded session acts as.
 *
 * Run as an ordinary user, the server's sessions are that user, as vsftpd's
 * are with run_as_launching_user: access(2) answers. Run as root, access(2)
 * says yes to everything, while vsftpd would have become ftp_username for an
 * anonymous session: the directory's mode bits are read for that user
 * (its passwd entry and its groups in /etc/group, as initgroups sees them
 * from files; ACLs and other NSS sources are not consulted).
 */
import { accessSync, constants, statSync, type Stats } from "node:fs";
import { readInput } from "../core/read-input.js";

/** Who a file is judged for: a uid and every group it holds. */
export interface Identity {
  readonly uid: number;
  readonly gids: readonly number[];
}

const SYSTEM_DB = { noun: "a user database", tooLargeFor: "a user database", maxBytes: 16 * 1024 * 1024 } as const;

function readDb(path: string): string {
  try {
    return readInput(path, SYSTEM_DB).toString("utf8");
  } catch {
    return "";
  }
}

/** `name`'s uid and groups from passwd and group texts; undefined when there is no such user. */
export function identityOf(name: string, passwd: string, group: string): Identity | undefined {
  const entry = passwd.split("\n").map((l) => l.split(":")).find((f) => f[0] === name && f.length >= 4);
  if (!entry) return undefined;
  const gids = [Number(entry[3])];
  for (const f of group.split("\n").map((l) => l.split(":"))) {
    if (f.length >= 4 && f[3]!.split(",").includes(name)) gids.push(Number(f[2]));
  }
  return { uid: Number(entry[2]), gids };
}

/** The permission bits' answer: the owner's bit for the owner, the group's for a member, the others' otherwise. */
export function bitsAllowWrite(st: Pick<Stats, "uid" | "gid" | "mode">, who: Identity | undefined): boolean {
  if (who && st.uid === who.uid) return (st.mode & 0o200) !== 0;
  if (who && who.gids.includes(st.gid)) return (st.mode & 0o020) !== 0;
  return (st.mode & 0o002) !== 0;
}

/** Whether the session user of this process may write `dir`. */
function processCanWrite(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Whether an anonymous session could write its root, as vsftpd asks it. */
export function anonCanWrite(dir: string, ftpUsername: string): boolean {
  if (process.geteuid?.() !== 0) return processCanWrite(dir);
  // No such user: vsftpd refuses the session anyway; here the others' bit decides.
  return bitsAllowWrite(statSync(dir), identityOf(ftpUsername, readDb("/etc/passwd"), readDb("/etc/group")));
}

/** Whether a local session, which is this process's user here, could write its root. */
export const localCanWrite = processCanWrite;
