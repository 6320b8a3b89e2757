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

/**
 * Whether a session acting as `name` could write `dir`, as vsftpd asks it:
 * ftp_username for an anonymous session, the login name for a local one.
 * A local user of the embedded server (--user) is usually no account of
 * this host: run as root, such a name is judged by the others' bits, as a
 * stranger would be; an anonymous session without its account too (vsftpd
 * refuses that session anyway).
 */
export function userCanWrite(dir: string, name: string): boolean {
  if (process.geteuid?.() !== 0) return processCanWrite(dir);
  return bitsAllowWrite(statSync(dir), identityOf(name, readDb("/etc/passwd"), readDb("/etc/group")));
}
