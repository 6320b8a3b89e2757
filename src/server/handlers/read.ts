/** LIST, NLST, RETR, SIZE and MDTM: reading the jail, never changing it. */
import { closeSync, constants, createReadStream, fstatSync, lstatSync, openSync, readdirSync, readlinkSync, statSync, type Stats } from "node:fs";
import { posix } from "node:path";
import { Readable } from "node:stream";
import { toAscii } from "../ascii.js";
import { transfer } from "../data-channel.js";
import { filterMatches, listLine, type ListEntry } from "../list-format.js";
import { matchesAccessPattern } from "../name-filter.js";
import { multiline, TEXT } from "../replies.js";
import type { Session } from "../session.js";

/** What vsftpd's handle_dir_common makes of LIST/NLST/STAT's argument. */
interface Listing {
  /** The directory as the client named it ("." when none): NLST puts it before each name. */
  readonly dirArg: string;
  /** Its host path. */
  readonly dir: string;
  /** A name pattern (the part after the last `/`, or a name that is not a directory). */
  readonly filter: string;
  /** The letters after `-`: a (all), l (long), F (type suffix), r (reverse), t (by time). */
  readonly options: string;
}

/**
 * vsftpd's argument rules: options first (`-la`), then an optional path; a
 * directory is listed, a path with a `/` is split into a directory and a
 * name filter, anything else filters the working directory. A file is thus
 * listed by reading its directory.
 */
function plan(s: Session, arg: string, stat: boolean): Listing | undefined {
  let options = "";
  let filter = arg;
  if (arg.startsWith("-")) {
    const sp = arg.indexOf(" ");
    options = sp === -1 ? arg.slice(1) : arg.slice(1, sp);
    filter = sp === -1 ? "" : arg.slice(sp + 1);
  }
  // STAT of a path lists everything (postlogin.c appends 'a').
  if (stat) options += "a";
  let dirArg = ".";
  if (filter !== "") {
    if (isDirectory(s.resolve(filter)?.host)) {
      dirArg = filter;
      filter = "";
    } else if (filter.includes("/")) {
      const slash = filter.lastIndexOf("/");
      dirArg = filter.slice(0, slash) || "/";
      filter = filter.slice(slash + 1);
    }
  }
  const d = s.resolve(dirArg);
  return d ? { dirArg, dir: d.host, filter, options } : undefined;
}

function isDirectory(host: string | undefined): boolean {
  try {
    return host !== undefined && statSync(host).isDirectory();
  } catch {
    return false;
  }
}

function entry(host: string, name: string): ListEntry | undefined {
  let st: Stats;
  try {
    st = lstatSync(host);
  } catch {
    return undefined;
  }
  const base = { name, mode: st.mode, nlink: st.nlink, uid: st.uid, gid: st.gid, size: st.size, mtimeMs: st.mtimeMs };
  if (!st.isSymbolicLink()) return base;
  try {
    return { ...base, target: readlinkSync(host) };
  } catch {
    return base;
  }
}

const isDir = (e: ListEntry) => (e.mode & 0o170000) === 0o040000;
const isLink = (e: ListEntry) => (e.mode & 0o170000) === 0o120000;

/** ls.c's selection and order; undefined when the directory cannot be read. */
function entries(s: Session, l: Listing): ListEntry[] | undefined {
  let names: string[];
  try {
    names = readdirSync(l.dir);
    // anon_world_readable_only covers directories too: one not readable by all lists as unreadable.
    if (s.anonymous && s.opts.anonWorldReadableOnly && !(statSync(l.dir).mode & 0o004)) return undefined;
  } catch {
    return undefined;
  }
  // A filter starting with "." implies -a; without -a, force_dot_files shows dot files but never "." and "..".
  const all = l.options.includes("a") || l.filter.startsWith(".");
  const dots = all || s.opts.forceDotFiles;
  // ".." of the jail's root is the root itself, as after vsftpd's chroot.
  const host = (n: string) => (n === "." ? l.dir : n === ".." ? (s.resolve(`${l.dirArg}/..`)?.host ?? l.dir) : posix.join(l.dir, n));
  // Debian's vsftpd matches a filter against "." and ".." by the names of the directories they are
  // ("NLST -a p*" in /pub lists "."; checked with the binary), "/" for the root.
  const nameOf = (path: string | undefined) => (path === undefined ? "" : posix.basename(path) || "/");
  const matchName = (n: string) => (n === "." ? nameOf(s.resolve(l.dirArg)?.path) : n === ".." ? nameOf(s.resolve(`${l.dirArg}/..`)?.path) : n);
  const list = [...(all ? [".", ".."] : []), ...names]
    .filter((n) => (dots || !n.startsWith(".")) && (l.filter === "" || filterMatches(matchName(n), l.filter)) && !matchesAccessPattern(n, s.opts.hideFile))
    .flatMap((n) => entry(host(n), n) ?? []);
  const byName = (a: ListEntry, b: ListEntry) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  // -t sorts newest first; -r reverses either order.
  const t = l.options.includes("t");
  list.sort(t ? (a, b) => Math.floor(b.mtimeMs / 1000) - Math.floor(a.mtimeMs / 1000) || byName(a, b) : byName);
  return l.options.includes("r") ? list.reverse() : list;
}

/** The listing's lines (CRLF-terminated), or undefined when the directory cannot be read. */
function listingLines(s: Session, arg: string, full: boolean, stat = false): string[] | undefined {
  const l = plan(s, arg, stat);
  const list = l ? entries(s, l) : undefined;
  if (!l || !list) return undefined;
  const long = full || l.options.includes("l");
  const F = l.options.includes("F");
  const style = { hideIds: s.opts.hideIds, localtime: s.opts.useLocaltime, nowMs: Date.now() };
  // NLST names each entry with the directory as the client wrote it ("pub/a.txt", "../x"), LIST does not.
  const prefix = l.dirArg === "." ? "" : l.dirArg.endsWith("/") ? l.dirArg : `${l.dirArg}/`;
  return list.map((e) => {
    if (long) return listLine({ ...e, name: F && isDir(e) ? `${e.name}/` : e.name }, style);
    return `${prefix}${e.name}${F && isDir(e) ? "/" : F && isLink(e) ? "@" : ""}\r\n`;
  });
}

/** STAT PATH: the LIST lines over the control connection (vsftpd's handle_stat_file). */
export function statPath(s: Session, arg: string): void {
  if (!s.opts.dirlistEnable) return s.reply(550, TEXT.permissionDenied);
  const lines = listingLines(s, arg, true, true) ?? [];
  s.send(multiline(213, "Status follows:", lines.map((l) => l.replace(/\r\n$/, "")), "End of status"));
}

async function listing(s: Session, arg: string, full: boolean): Promise<void> {
  const list = listingLines(s, arg, full);
  const text = (list ?? []).join("");
  await transfer(s, TEXT.listingStart, "send", () => Readable.from([Buffer.from(text)]), list ? TEXT.listingOk : "Transfer done (but failed to open directory).");
}

export const list = (s: Session, arg: string) => listing(s, arg, true);
export const nlst = (s: Session, arg: string) => listing(s, arg, false);

/** Opens a regular file for reading without hanging on a FIFO or device; undefined when it cannot. */
function openRegular(host: string): { fd: number; st: Stats } | undefined {
  let fd: number;
  try {
    fd = openSync(host, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch {
    return undefined;
  }
  const st = fstatSync(fd);
  if (!st.isFile()) {
    closeSync(fd);
    return undefined;
  }
  return { fd, st };
}

export async function retr(s: Session, arg: string): Promise<void> {
  const r = s.resolve(arg);
  const f = r?.exists ? openRegular(r.host) : undefined;
  if (!r || !f) return s.reply(550, TEXT.openFail);
  // anon_world_readable_only: anonymous sessions get only what everyone may read.
  if (s.anonymous && s.opts.anonWorldReadableOnly && !(f.st.mode & 0o004)) {
    closeSync(f.fd);
    return s.reply(550, TEXT.openFail);
  }
  const start = s.restart;
  let handed = false;
  const ascii = s.opts.asciiDownloadEnable && !s.binary;
  const mark = `Opening ${ascii ? "ASCII" : "BINARY"} mode data connection for ${arg} (${f.st.size} bytes).`;
  const open = () => {
    handed = true;
    // 512 KiB reads: a quarter of the system calls of 64 KiB, still a bounded buffer per transfer.
    return createReadStream("", { fd: f.fd, start, autoClose: true, highWaterMark: 512 * 1024 });
  };
  const started = Date.now();
  const result = await transfer(s, mark, "send", open, undefined, ascii ? toAscii : undefined);
  if (!handed) closeSync(f.fd);
  if (result) s.transferred("download", r.path, result.bytes, result.ok, started, ascii);
}

function regularStat(s: Session, arg: string): Stats | undefined {
  const r = s.resolve(arg);
  if (!r?.exists) return undefined;
  try {
    const st = statSync(r.host);
    return st.isFile() ? st : undefined;
  } catch {
    return undefined;
  }
}

export function size(s: Session, arg: string): void {
  const st = regularStat(s, arg);
  if (!st) return s.reply(550, "Could not get file size.");
  s.reply(213, String(st.size));
}

export function mdtm(s: Session, arg: string): void {
  const st = regularStat(s, arg);
  if (!st) return s.reply(550, "Could not get file modification time.");
  const d = new Date(st.mtimeMs);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const stamp = s.opts.useLocaltime
    ? `${p(d.getFullYear(), 4)}${p(d.getMonth() + 1)}${p(d.getDate())}${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`
    : `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
  s.reply(213, stamp);
}
