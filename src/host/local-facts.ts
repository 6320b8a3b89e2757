/** HostFacts for the machine ftpctl runs on. */
import { execFileSync } from "node:child_process";
import { accessSync, closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, realpathSync, statSync, type Stats } from "node:fs";
import { networkInterfaces } from "node:os";
import { mountFor, parseMountinfo, predictAppendOpen, type Mount, type NodeType, type OpenPrimitives, type Probe } from "./append-open.js";
import type { FileInfo, HostFacts, Lookup, LookupError, PasswdEntry, Read } from "./facts.js";

function info(st: Stats): FileInfo {
  return {
    type: st.isFile() ? "file" : st.isDirectory() ? "dir" : "other",
    uid: st.uid,
    gid: st.gid,
    mode: st.mode & 0o7777,
  };
}

const MISSING = new Set(["ENOENT", "ENOTDIR"]);
/** mountinfo is a few kilobytes; a cap keeps a pathological one from costing memory. */
const MOUNTINFO_MAX = 1 << 20;
/** Host rules read PEM bundles, PAM files, user lists and /etc/passwd: a CA bundle is the largest, well under this. */
const TEXT_MAX = 8 << 20;

function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? "EIO";
}

function nodeType(st: Stats): NodeType {
  if (st.isFile()) return "file";
  if (st.isDirectory()) return "dir";
  if (st.isFIFO()) return "fifo";
  if (st.isSocket()) return "socket";
  if (st.isCharacterDevice()) return "char";
  if (st.isBlockDevice()) return "block";
  if (st.isSymbolicLink()) return "link";
  return "other";
}

function probe(path: string, follow: boolean): Probe {
  try {
    const st = follow ? statSync(path) : lstatSync(path);
    // glibc's makedev split, for the small device numbers of memory devices.
    return { state: "found", type: nodeType(st), major: (st.rdev >> 8) & 0xfff, minor: st.rdev & 0xff };
  } catch (e) {
    const code = errorCode(e);
    return MISSING.has(code) ? { state: "missing" } : { state: "error", code };
  }
}

function lookupOf(path: string, follow = true): Lookup {
  try {
    return { state: "found", info: info(follow ? statSync(path) : lstatSync(path)) };
  } catch (e) {
    const code = errorCode(e);
    return MISSING.has(code) ? { state: "missing" } : { state: "error", code };
  }
}

/**
 * A regular file's text: opened non-blocking (a FIFO cannot hang the lint),
 * checked to be a regular file, read up to TEXT_MAX (EFBIG past it).
 */
export function readOf(path: string, max = TEXT_MAX): Read {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    const code = errorCode(e);
    if (MISSING.has(code)) return { state: "missing" };
    if (code === "EISDIR") return { state: "notFile", type: "dir" };
    return { state: "error", code };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { state: "notFile", type: st.isDirectory() ? "dir" : "other" };
    if (st.size > max) return { state: "error", code: "EFBIG" };
    // Read to the end, not to st.size: /proc and sysfs files report size 0.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(1 << 16, max + 1 - total));
      const r = readSync(fd, chunk, 0, chunk.length, null);
      if (r === 0) break;
      chunks.push(chunk.subarray(0, r));
      total += r;
      if (total > max) return { state: "error", code: "EFBIG" };
    }
    const buf = Buffer.concat(chunks);
    return { state: "found", text: buf.toString("utf8") };
  } catch (e) {
    return { state: "error", code: errorCode(e) };
  } finally {
    closeSync(fd);
  }
}

/** The primitives behind appendOpen, on the real machine under `root`. */
function openPrimitives(root: string, daemonUid: number): OpenPrimitives {
  let mounts: Mount[] | undefined;
  const asDaemon = process.geteuid?.() === daemonUid;
  return {
    asDaemon,
    probe: (path, follow) => probe(root + path, follow),
    readlink(path) {
      try {
        return readlinkSync(root + path);
      } catch {
        return undefined;
      }
    },
    mountOf(dir) {
      // Mounts are the running system's; a staging tree under --root has none of its own.
      if (root) return undefined;
      mounts ??= parseMountinfo(readCapped("/proc/self/mountinfo", MOUNTINFO_MAX) ?? "");
      try {
        return mountFor(mounts, realpathSync(dir));
      } catch {
        return undefined;
      }
    },
    openExisting(path) {
      try {
        closeSync(openSync(root + path, constants.O_WRONLY | constants.O_APPEND | constants.O_NONBLOCK | constants.O_NOCTTY));
        return null;
      } catch (e) {
        return errorCode(e);
      }
    },
    dirWritable(dir) {
      // As anyone but root, access() answers for this process, not for vsftpd.
      if (!asDaemon) return null;
      try {
        accessSync(root + dir, constants.W_OK | constants.X_OK);
        return null;
      } catch (e) {
        return errorCode(e);
      }
    },
  };
}

function readCapped(path: string, max: number): string | undefined {
  try {
    const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const buf = Buffer.alloc(max);
      let n = 0;
      for (let r = 1; r > 0 && n < max; n += r) r = readSync(fd, buf, n, max - n, null);
      return buf.subarray(0, n).toString("utf8");
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

function readOr(path: string): string | undefined {
  const r = readOf(path);
  return r.state === "found" ? r.text : undefined;
}

export function parsePasswd(text: string): PasswdEntry[] {
  return text
    .split("\n")
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => l.split(":"))
    .filter((f) => f.length >= 7)
    .map((f) => ({ name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), home: f[5]!, shell: f[6]! }));
}

export interface GroupEntry {
  readonly gid: number;
  readonly members: readonly string[];
}

export function parseGroups(text: string): GroupEntry[] {
  return text
    .split("\n")
    .map((l) => l.split(":"))
    .filter((f) => f.length >= 4)
    .map((f) => ({ gid: Number(f[2]), members: f[3]!.split(",").filter(Boolean) }));
}

/** A user's primary group and every group /etc/group lists them in. */
export function groupIdsOf(user: PasswdEntry, groups: readonly GroupEntry[]): number[] {
  return [user.gid, ...groups.filter((g) => g.members.includes(user.name)).map((g) => g.gid)];
}

/** The shells /etc/shells lists: blank lines and comments left out. */
export function parseShells(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
}

/** Account names whose shadow password field starts with "!" or "*" (locked or no password login). */
export function lockedAccounts(shadow: string): Set<string> {
  const locked = new Set<string>();
  for (const line of shadow.split("\n")) {
    const [name, pw] = line.split(":");
    if (name && pw !== undefined && (pw.startsWith("!") || pw.startsWith("*"))) locked.add(name);
  }
  return locked;
}

export function localHostFacts(root = ""): HostFacts {
  let passwd: PasswdEntry[] | undefined;
  let locked: Set<string> | LookupError | undefined;
  const resolved = new Map<string, boolean | undefined>();
  let groups: GroupEntry[] | undefined;
  const users = () => (passwd ??= parsePasswd(readOr(root + "/etc/passwd") ?? ""));
  const daemonUid = 0;
  let open: OpenPrimitives | undefined;
  return {
    lookup: (path) => lookupOf(root + path),
    lookupLink: (path) => lookupOf(root + path, false),
    read: (path) => readOf(root + path),
    appendOpen: (path) => predictAppendOpen((open ??= openPrimitives(root, daemonUid)), path),
    readText: (path) => readOr(root + path),
    users,
    user: (name) => users().find((u) => u.name === name),
    groupsOf(user) {
      groups ??= parseGroups(readOr(root + "/etc/group") ?? "");
      return groupIdsOf(user, groups);
    },
    shells: () => parseShells(readOr(root + "/etc/shells") ?? ""),
    daemonUid,
    asDaemon: process.geteuid?.() === daemonUid,
    passwordLocked(name) {
      if (locked === undefined) {
        // Only the set of locked names outlives this read, never the text.
        const shadow = readOf(root + "/etc/shadow");
        locked = shadow.state === "error" ? shadow : lockedAccounts(shadow.state === "found" ? shadow.text : "");
      }
      return locked instanceof Set ? locked.has(name) : locked;
    },
    localAddresses: () =>
      Object.values(networkInterfaces())
        .flat()
        .map((a) => a?.address)
        .filter((a): a is string => typeof a === "string"),
    resolves(name) {
      let ok = resolved.get(name);
      if (!resolved.has(name)) {
        // getaddrinfo through getent: the same resolver vsftpd's gethostbyname uses.
        try {
          execFileSync("getent", ["ahostsv4", name], { stdio: "ignore", timeout: 5000 });
          ok = true;
        } catch (e) {
          // getent exits 2 for "not found"; no getent, a timeout or another status is no answer.
          ok = (e as { status?: number | null }).status === 2 ? false : undefined;
        }
        resolved.set(name, ok);
      }
      return ok;
    },
    now: () => new Date(),
  };
}
