/**
 * Predicts what vsftpd's log open does, open(path, O_CREAT|O_WRONLY|
 * O_APPEND|O_NONBLOCK, 0600) as root (sysutil.c), without creating or
 * writing anything. An existing regular file or FIFO is opened the same way
 * minus O_CREAT and closed at once, which is what every vsftpd session does
 * to it anyway; a missing file is judged from its directory: the directory
 * must exist, and its file system must let files be created. Devices are
 * never opened: opening one can have effects (a watchdog arms, a tape
 * rewinds). The local machine and the fake one share this logic and differ
 * only in the primitives.
 */
import { posix } from "node:path";
import type { AppendCause, AppendOpen } from "./facts.js";

export type NodeType = "file" | "dir" | "fifo" | "socket" | "char" | "block" | "link" | "other";

export type Probe =
  | { readonly state: "found"; readonly type: NodeType; readonly major?: number; readonly minor?: number }
  | { readonly state: "missing" }
  | { readonly state: "error"; readonly code: string };

export interface Mount {
  readonly point: string;
  readonly fsType: string;
  readonly readOnly: boolean;
}

export interface OpenPrimitives {
  /** stat() when `follow`, else lstat(). */
  probe(path: string, follow: boolean): Probe;
  readlink(path: string): string | undefined;
  /** The mount an existing directory is on. */
  mountOf(dir: string): Mount | undefined;
  /** open(O_WRONLY|O_APPEND|O_NONBLOCK|O_NOCTTY) and close: null when it opens, else the errno code. */
  openExisting(path: string): string | null;
  /** Whether the daemon may create files in an existing directory: null when it may, else the errno code. */
  dirWritable(dir: string): string | null;
  /** True when this process has the daemon's rights, so permission errors it meets are the daemon's too. */
  readonly asDaemon: boolean;
}

/**
 * File systems whose directories have no create operation, so open(O_CREAT)
 * fails for root too. Checked here for proc, sysfs, devpts, cgroup and
 * cgroup2; the others share the same kernel shape.
 */
const NO_CREATE = new Set([
  "proc",
  "sysfs",
  "devpts",
  "cgroup",
  "cgroup2",
  "securityfs",
  "debugfs",
  "tracefs",
  "configfs",
  "pstore",
  "bpf",
  "binfmt_misc",
  "fusectl",
]);

/** Memory devices (major 1): null, zero, full, random, urandom open for writing without effects. */
const HARMLESS_MINORS = new Set([3, 5, 7, 8, 9]);
const PERMISSION = new Set(["EACCES", "EPERM"]);
const STANDARD_STREAM = /^\/(dev\/(stdin|stdout|stderr)|dev\/fd\/[012]|proc\/(self|thread-self)\/fd\/[012])$/;
const MAX_HOPS = 40;

export function predictAppendOpen(p: OpenPrimitives, path: string): AppendOpen {
  return predict(p, posix.normalize(path), 0);
}

function fails(p: OpenPrimitives, code: string, cause: AppendCause, at: string, extra: { fsType?: string; fileType?: "fifo" | "socket" | "session" } = {}): AppendOpen {
  // A file system without a create operation refuses everyone; other permission answers are this process's own.
  if (!p.asDaemon && PERMISSION.has(code) && cause !== "noCreate") return { outcome: "unknown", why: `${code} here, but ftpctl is not running as root as vsftpd does`, needsRoot: { code, cause, at } };
  return { outcome: "fails", code, cause, at, ...extra };
}

function predict(p: OpenPrimitives, path: string, hops: number): AppendOpen {
  // A session's fds 0-2 are the client's socket (standalone dup2s it there, inetd hands it over).
  if (STANDARD_STREAM.test(path)) return fails(p, "ENXIO", "open", path, { fileType: "session" });
  // Otherwise /proc/self is vsftpd's session process there, and this process here.
  if (/^\/proc\/(self|thread-self)(\/|$)/.test(path)) return { outcome: "unknown", why: "it names vsftpd's own process" };
  const st = p.probe(path, true);
  if (st.state === "error") return fails(p, st.code, "lookup", path);
  if (st.state === "found") return existing(p, path, st.type, st.major, st.minor);
  // O_CREAT follows a dangling symlink and creates its target.
  const own = p.probe(path, false);
  if (own.state === "found" && own.type === "link") {
    const target = p.readlink(path);
    if (target === undefined) return { outcome: "unknown", why: "its symlink cannot be read" };
    if (hops >= MAX_HOPS) return fails(p, "ELOOP", "lookup", path);
    return predict(p, posix.resolve(posix.dirname(path), target), hops + 1);
  }
  const dir = posix.dirname(path);
  const d = p.probe(dir, true);
  if (d.state === "missing") return fails(p, "ENOENT", "noDir", dir);
  if (d.state === "error") return fails(p, d.code, "lookup", dir);
  if (d.type !== "dir") return fails(p, "ENOTDIR", "noDir", dir);
  const mount = p.mountOf(dir);
  if (mount && NO_CREATE.has(mount.fsType)) return fails(p, "EACCES", "noCreate", dir, { fsType: mount.fsType });
  if (mount?.readOnly) return fails(p, "EROFS", "readOnly", dir);
  const denied = p.dirWritable(dir);
  return denied === null ? { outcome: "creates" } : fails(p, denied, "dirDenied", dir);
}

function existing(p: OpenPrimitives, path: string, type: NodeType, major?: number, minor?: number): AppendOpen {
  switch (type) {
    case "dir":
      return fails(p, "EISDIR", "isDir", path);
    case "file":
    case "fifo": {
      // A FIFO opens only while something reads it: vsftpd's O_NONBLOCK gets ENXIO otherwise.
      const code = p.openExisting(path);
      return code === null ? { outcome: "opens" } : fails(p, code, "open", path, type === "fifo" ? { fileType: "fifo" } : {});
    }
    case "socket":
      return fails(p, "ENXIO", "open", path, { fileType: "socket" });
    case "char":
      if (major === 1 && minor !== undefined && HARMLESS_MINORS.has(minor)) return { outcome: "opens" };
      return { outcome: "unknown", why: "it is a device, which ftpctl does not open" };
    default:
      return { outcome: "unknown", why: "it is a device, which ftpctl does not open" };
  }
}

/** /proc/self/mountinfo lines: later mounts on the same point hide earlier ones. */
export function parseMountinfo(text: string): Mount[] {
  const mounts: Mount[] = [];
  for (const line of text.split("\n")) {
    const f = line.split(" ");
    const sep = f.indexOf("-", 6);
    if (f.length < 10 || sep < 0) continue;
    const point = f[4]!.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
    const opts = [...f[5]!.split(","), ...(f[sep + 3] ?? "").split(",")];
    mounts.push({ point, fsType: f[sep + 1]!, readOnly: opts.includes("ro") });
  }
  return mounts;
}

/** The mount a resolved absolute path is on: the longest mount point above it, the last one mounted. */
export function mountFor(mounts: readonly Mount[], path: string): Mount | undefined {
  let best: Mount | undefined;
  for (const m of mounts) {
    const inside = m.point === "/" || path === m.point || path.startsWith(m.point + "/");
    if (inside && (!best || m.point.length >= best.point.length)) best = m;
  }
  return best;
}
