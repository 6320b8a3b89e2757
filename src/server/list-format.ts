/**
 * One line of a LIST reply, as vsftpd's ls.c (build_dir_line) writes it:
 *   drwxr-xr-x    2 0        0            4096 Mar 01 12:34 pub
 * links right-aligned in 4, owner and group left-aligned in 8 ("ftp" with
 * hide_ids), size right-aligned in 8, then the date: "%b %d %H:%M", or
 * "%b %d  %Y" for a time in the future or more than 182 days old.
 */

export interface ListEntry {
  readonly name: string;
  readonly mode: number;
  readonly nlink: number;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
  readonly mtimeMs: number;
  /** A symbolic link's target, shown as `name -> target`. */
  readonly target?: string;
}

export interface ListStyle {
  readonly hideIds: boolean;
  readonly localtime: boolean;
  readonly nowMs: number;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const SIX_MONTHS_S = 60 * 60 * 24 * 182;

function typeChar(mode: number): string {
  switch (mode & 0o170000) {
    case 0o040000: return "d";
    case 0o120000: return "l";
    case 0o010000: return "p";
    case 0o140000: return "s";
    case 0o020000: return "c";
    case 0o060000: return "b";
    default: return "-";
  }
}

/** vsf_sysutil_statbuf_get_perms: rwx triplets with setuid/setgid/sticky as s/S and t/T. */
export function permissions(mode: number): string {
  const bit = (m: number, c: string) => (mode & m ? c : "-");
  const special = (x: number, s: number, on: string, off: string) => (mode & s ? (mode & x ? on : off) : bit(x, "x"));
  return (
    typeChar(mode) +
    bit(0o400, "r") + bit(0o200, "w") + special(0o100, 0o4000, "s", "S") +
    bit(0o040, "r") + bit(0o020, "w") + special(0o010, 0o2000, "s", "S") +
    bit(0o004, "r") + bit(0o002, "w") + special(0o001, 0o1000, "t", "T")
  );
}

const two = (n: number) => String(n).padStart(2, "0");

export function listDate(mtimeMs: number, s: Pick<ListStyle, "localtime" | "nowMs">): string {
  const d = new Date(mtimeMs);
  const [mon, day, h, m, y] = s.localtime
    ? [d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getFullYear()]
    : [d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCFullYear()];
  const mtime = Math.floor(mtimeMs / 1000);
  const now = Math.floor(s.nowMs / 1000);
  const old = mtime > now || now - mtime > SIX_MONTHS_S;
  return `${MONTHS[mon]} ${two(day)} ${old ? ` ${y}` : `${two(h)}:${two(m)}`}`;
}

export function listLine(e: ListEntry, s: ListStyle): string {
  const owner = s.hideIds ? "ftp" : String(e.uid);
  const group = s.hideIds ? "ftp" : String(e.gid);
  const name = e.target === undefined ? e.name : `${e.name} -> ${e.target}`;
  return `${permissions(e.mode)} ${String(e.nlink).padStart(4)} ${owner.padEnd(8)} ${group.padEnd(8)} ${String(e.size).padStart(8)} ${listDate(e.mtimeMs, s)} ${name}\r\n`;
}

export { filenamePassesFilter as filterMatches } from "./name-filter.js";
