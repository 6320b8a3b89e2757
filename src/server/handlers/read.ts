/** LIST, NLST, RETR, SIZE and MDTM: reading the jail, never changing it. */
import { closeSync, constants, createReadStream, fstatSync, lstatSync, opendirSync, openSync, readdirSync, readlinkSync, statSync, type Stats } from "node:fs";
import { posix } from "node:path";
import { Readable } from "node:stream";
import { toAscii } from "../ascii.js";
import { transfer } from "../data-channel.js";
import { filterMatches, listLine, type ListEntry } from "../list-format.js";
import { matchesAccessPattern } from "../name-filter.js";
import { multiline, TEXT } from "../replies.js";
import type { Session } from "../session.js";

interface Listing {
  /** Host directory to read, or a single entry's host path when the argument named a file. */
  readonly dir?: string;
  readonly single?: { host: string; name: string };
  readonly filter?: string;
  readonly dots: boolean;
  /**
   * `-a`: also "." and ".." (host paths), which vsftpd's readdir lists and
   * only `-a` shows (force_dot_files shows the other dot files).
   */
  readonly selfAndParent?: { readonly self: string; readonly parent: string };
  /** hide_file: names left out of the listing. */
  readonly hide?: string;
}

const hidden = (s: Session) => (s.opts.hideFile !== undefined ? { hide: s.opts.hideFile } : {});

/**
 * vsftpd's argument rules (handle_dir_common): options first (`-la`), then
 * an optional path; a directory is listed, a path with a `/` is split into a
 * directory and a name filter, anything else filters the working directory.
 */
function plan(s: Session, arg: string): Listing | undefined {
  let options = "";
  let target = arg;
  if (arg.startsWith("-")) {
    const sp = arg.indexOf(" ");
    options = sp === -1 ? arg.slice(1) : arg.slice(1, sp);
    target = sp === -1 ? "" : arg.slice(sp + 1);
  }
  const dots = options.includes("a") || s.opts.forceDotFiles;
  // ".." of the jail's root is the root itself, as after vsftpd's chroot.
  const both = (dir: string) => (options.includes("a") ? { selfAndParent: { self: s.resolve(dir)?.host ?? "", parent: s.resolve(`${dir}/..`)?.host ?? "" } } : {});
  if (target === "") {
    const r = s.resolve(".");
    return r ? { dir: r.host, dots, ...both("."), ...hidden(s) } : undefined;
  }
  const r = s.resolve(target);
  if (r?.exists) {
    try {
      if (statSync(r.host).isDirectory()) return { dir: r.host, dots, ...both(target), ...hidden(s) };
      return { single: { host: s.resolve(target, false)?.host ?? r.host, name: target }, dots };
    } catch {
      return undefined;
    }
  }
  const slash = target.lastIndexOf("/");
  const dirPart = slash === -1 ? "." : target.slice(0, slash) || "/";
  const d = s.resolve(dirPart);
  return d ? { dir: d.host, filter: target.slice(slash + 1), dots, ...both(dirPart), ...hidden(s) } : undefined;
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

function entries(l: Listing): ListEntry[] | undefined {
  if (l.single) {
    // vsftpd lists a file by reading its directory with the name as a filter: an unreadable directory shows nothing.
    try {
      opendirSync(posix.dirname(l.single.host)).closeSync();
    } catch {
      return undefined;
    }
    const e = entry(l.single.host, l.single.name);
    return e ? [e] : [];
  }
  let names: string[];
  try {
    names = readdirSync(l.dir!);
  } catch {
    return undefined;
  }
  const host = (n: string) => (n === "." ? l.selfAndParent!.self : n === ".." ? l.selfAndParent!.parent : posix.join(l.dir!, n));
  return [...(l.selfAndParent ? [".", ".."] : []), ...names]
    .filter((n) => (l.dots || !n.startsWith(".")) && (l.filter === undefined || filterMatches(n, l.filter)) && !matchesAccessPattern(n, l.hide))
    .sort()
    .flatMap((n) => entry(host(n), n) ?? []);
}

/** The listing's lines (CRLF-terminated), or undefined when the directory cannot be read. */
function listingLines(s: Session, arg: string, full: boolean): string[] | undefined {
  const l = plan(s, arg);
  const list = l ? entries(l) : undefined;
  const style = { hideIds: s.opts.hideIds, localtime: s.opts.useLocaltime, nowMs: Date.now() };
  return list?.map((e) => (full ? listLine(e, style) : `${e.name}\r\n`));
}

/** STAT PATH: the LIST lines over the control connection (vsftpd's handle_stat_file). */
export function statPath(s: Session, arg: string): void {
  if (!s.opts.dirlistEnable) return s.reply(550, TEXT.permissionDenied);
  const lines = listingLines(s, arg, true) ?? [];
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
