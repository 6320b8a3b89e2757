/**
 * An in-memory machine for host-rule tests: files with owner, mode, type and
 * content, symlinks, users, groups and shells. Parent directories of every
 * listed path exist implicitly (root-owned, 0755) unless listed themselves.
 */
import { posix } from "node:path";
import { mountFor, predictAppendOpen, type OpenPrimitives } from "../../src/host/append-open.js";
import type { FileInfo, HostFacts, Lookup, PasswdEntry, Read } from "../../src/host/facts.js";

export interface FakeNode {
  /** "error": looking the path up (or anything below it) fails with `code`. */
  readonly type: FileInfo["type"] | "link" | "error";
  readonly uid: number;
  readonly gid: number;
  readonly mode: number;
  readonly content?: string;
  /** Symlink target, absolute or relative to the link's directory. */
  readonly target?: string;
  /** For "other": what it is; a plain "other" is a character device. */
  readonly kind?: "fifo" | "socket" | "char" | "block";
  /** Device numbers of a "char" or "block" node. */
  readonly rdev?: readonly [major: number, minor: number];
  /** The errno opening this file or FIFO for writing fails with (ENXIO: a FIFO nobody reads). */
  readonly openError?: string;
  /** The errno of an "error" node. */
  readonly code?: string;
  /** The errno reading this file fails with (EACCES: a 0600 key read by an ordinary user). */
  readonly readError?: string;
}

export interface Owner {
  readonly uid?: number;
  readonly gid?: number;
  readonly mode?: number;
}

export const file = (content = "", o: Owner = {}): FakeNode => ({
  type: "file",
  uid: o.uid ?? 0,
  gid: o.gid ?? 0,
  mode: o.mode ?? 0o644,
  content,
});

export const dir = (o: Owner = {}): FakeNode => ({ type: "dir", uid: o.uid ?? 0, gid: o.gid ?? 0, mode: o.mode ?? 0o755 });

/** A device, socket or fifo: something that is neither a file nor a directory. */
export const special = (o: Owner & Pick<FakeNode, "kind" | "rdev" | "openError"> = {}): FakeNode => ({
  type: "other",
  uid: o.uid ?? 0,
  gid: o.gid ?? 0,
  mode: o.mode ?? 0o644,
  ...(o.kind ? { kind: o.kind } : {}),
  ...(o.rdev ? { rdev: o.rdev } : {}),
  ...(o.openError ? { openError: o.openError } : {}),
});

/** A path whose lookup fails with `code` (EACCES: /proc/1/fd/1 where ptrace access is refused; ELOOP). */
export const unreachable = (code: string): FakeNode => ({ type: "error", uid: 0, gid: 0, mode: 0, code });

/** A file that exists but cannot be read (EACCES: a root-only key, seen by an ordinary user). */
export const unreadableFile = (code = "EACCES", o: Owner = {}): FakeNode => ({ ...file("", { mode: 0o600, ...o }), readError: code });

export const link = (target: string): FakeNode => ({ type: "link", uid: 0, gid: 0, mode: 0o777, target });

export type FakeUser = Pick<PasswdEntry, "name" | "uid"> & Partial<PasswdEntry>;

export interface FakeGroup {
  readonly gid: number;
  readonly members?: readonly string[];
}

export interface FakeMachine {
  /** Path → node; a plain string is a root-owned 0644 file with that content; null removes a path. */
  readonly files?: Readonly<Record<string, FakeNode | string | null>>;
  readonly users?: readonly FakeUser[];
  readonly groups?: readonly FakeGroup[];
  readonly shells?: readonly string[];
  readonly daemonUid?: number;
  /** False: the facts are gathered without the daemon's rights (lint --host as an ordinary user). */
  readonly asDaemon?: boolean;
  readonly now?: Date;
  /** Accounts whose password is locked. */
  readonly locked?: readonly string[];
  /** /etc/shadow cannot be read, with this errno (EACCES as an ordinary user): no account's lock is known. */
  readonly shadowError?: string;
  /** Interface addresses; defaults to loopback only. */
  readonly addresses?: readonly string[];
  /** Host names the resolver finds; defaults to localhost. */
  readonly resolvable?: readonly string[];
  /** The resolver gives no answer at all (no getent, a timeout). */
  readonly resolverDown?: boolean;
  /** Mounts besides "/" (ext4, read-write), e.g. { point: "/dev/pts", fsType: "devpts" }. */
  readonly mounts?: readonly FakeMount[];
}

export interface FakeMount {
  readonly point: string;
  readonly fsType: string;
  readonly readOnly?: boolean;
}

type Found = { readonly node: FakeNode; readonly path: string } | { readonly missing: true } | { readonly code: string };

const MAX_LINKS = 40;

function norm(path: string): string {
  const p = posix.normalize(path.startsWith("/") ? path : "/" + path);
  return p.length > 1 && p.endsWith("/") ? p.slice(0, -1) : p;
}

function toEntry(u: FakeUser): PasswdEntry {
  return { gid: u.uid, home: `/home/${u.name}`, shell: "/bin/bash", ...u };
}

export function fakeHostFacts(m: FakeMachine): HostFacts {
  const nodes = new Map<string, FakeNode>([["/", dir()]]);
  for (const [path, node] of Object.entries(m.files ?? {})) {
    if (node === null) continue;
    const p = norm(path);
    nodes.set(p, typeof node === "string" ? file(node) : node);
    for (let d = posix.dirname(p); !nodes.has(d); d = posix.dirname(d)) nodes.set(d, dir());
  }
  const users = (m.users ?? []).map(toEntry);
  const shells = m.shells ?? DEBIAN_SHELLS;

  /** Resolves symlinks in every component; `followLast` = stat vs lstat. */
  function resolve(path: string, followLast: boolean): Found {
    let parts = norm(path).split("/").filter(Boolean);
    let cur = "";
    let hops = 0;
    for (let i = 0; i < parts.length; i++) {
      const next = `${cur}/${parts[i]}`;
      const node = nodes.get(next);
      if (!node) return { missing: true };
      if (node.type === "error") return { code: node.code ?? "EACCES" };
      const last = i === parts.length - 1;
      if (node.type === "link" && (followLast || !last)) {
        if (++hops > MAX_LINKS) return { code: "ELOOP" };
        const target = node.target!.startsWith("/") ? node.target! : `${cur}/${node.target}`;
        parts = [...norm(target).split("/").filter(Boolean), ...parts.slice(i + 1)];
        cur = "";
        i = -1;
        continue;
      }
      if (!last && node.type !== "dir") return { missing: true };
      cur = next;
    }
    const p = cur === "" ? "/" : cur;
    return { node: nodes.get(p)!, path: p };
  }

  function lookup(path: string, followLast: boolean): FakeNode | undefined {
    const f = resolve(path, followLast);
    return "node" in f ? f.node : undefined;
  }

  const info = (n: FakeNode): FileInfo => ({ type: n.type === "link" || n.type === "error" ? "other" : n.type, uid: n.uid, gid: n.gid, mode: n.mode });

  function lookupOf(path: string, followLast: boolean): Lookup {
    const f = resolve(path, followLast);
    if ("missing" in f) return { state: "missing" };
    if ("code" in f) return { state: "error", code: f.code };
    return { state: "found", info: info(f.node) };
  }

  function read(path: string): Read {
    const f = resolve(path, true);
    if ("missing" in f) return { state: "missing" };
    if ("code" in f) return { state: "error", code: f.code };
    const n = f.node;
    if (n.type === "dir") return { state: "notFile", type: "dir" };
    if (n.type !== "file") return { state: "notFile", type: "other" };
    if (n.readError) return { state: "error", code: n.readError };
    return { state: "found", text: n.content ?? "" };
  }

  const mounts: FakeMount[] = [{ point: "/", fsType: "ext4" }, ...(m.mounts ?? [])];
  const open: OpenPrimitives = {
    asDaemon: m.asDaemon ?? true,
    probe(path, follow) {
      const f = resolve(path, follow);
      if ("missing" in f) return { state: "missing" };
      if ("code" in f) return { state: "error", code: f.code };
      const n = f.node;
      // resolve() never ends on an "error" node; the check only narrows the type.
      if (n.type !== "other") return { state: "found", type: n.type === "error" ? "other" : n.type };
      return { state: "found", type: n.kind ?? "char", ...(n.rdev ? { major: n.rdev[0], minor: n.rdev[1] } : {}) };
    },
    readlink: (path) => lookup(path, false)?.target,
    mountOf(dir) {
      const f = resolve(dir, true);
      if (!("node" in f)) return undefined;
      return mountFor(mounts.map((x) => ({ ...x, readOnly: x.readOnly ?? false })), f.path);
    },
    openExisting: (path) => lookup(path, true)?.openError ?? null,
    dirWritable: () => null,
  };

  return {
    lookup: (path) => lookupOf(path, true),
    lookupLink: (path) => lookupOf(path, false),
    read,
    appendOpen: (path) => predictAppendOpen(open, path),
    readText(path) {
      const r = read(path);
      return r.state === "found" ? r.text : undefined;
    },
    users: () => users,
    user: (name) => users.find((u) => u.name === name),
    groupsOf: (user) => [user.gid, ...(m.groups ?? []).filter((g) => g.members?.includes(user.name)).map((g) => g.gid)],
    shells: () => shells,
    daemonUid: m.daemonUid ?? 0,
    asDaemon: m.asDaemon ?? true,
    now: () => m.now ?? new Date("2025-06-01T00:00:00Z"),
    passwordLocked: (name) => (m.shadowError ? { state: "error", code: m.shadowError } : (m.locked ?? []).includes(name)),
    localAddresses: () => m.addresses ?? ["127.0.0.1", "::1"],
    resolves: (name) => (m.resolverDown ? undefined : (m.resolvable ?? ["localhost"]).includes(name)),
  };
}

export const DEBIAN_SHELLS: readonly string[] = [
  "/bin/sh",
  "/usr/bin/sh",
  "/bin/bash",
  "/usr/bin/bash",
  "/bin/rbash",
  "/usr/bin/rbash",
  "/bin/dash",
  "/usr/bin/dash",
];

/** Debian 12's /etc/pam.d/vsftpd as the vsftpd package ships it. */
export const DEBIAN_PAM_VSFTPD = `# Standard behaviour for ftpd(8).
auth\trequired\tpam_listfile.so item=user sense=deny file=/etc/ftpusers onerr=succeed

# Note: vsftpd handles anonymous logins on its own. Do not enable pam_ftp.so.

# Standard pam includes
@include common-account
@include common-session
@include common-auth
auth\trequired\tpam_shells.so
`;

const DEBIAN_PAM_OTHER = `@include common-auth
@include common-account
@include common-password
@include common-session
`;

const DEBIAN_USERS: readonly FakeUser[] = [
  { name: "root", uid: 0, home: "/root" },
  { name: "daemon", uid: 1, home: "/usr/sbin", shell: "/usr/sbin/nologin" },
  { name: "nobody", uid: 65534, home: "/nonexistent", shell: "/usr/sbin/nologin" },
  { name: "ftp", uid: 102, gid: 105, home: "/srv/ftp", shell: "/usr/sbin/nologin" },
  { name: "alice", uid: 1000, home: "/home/alice" },
];

export interface DebianOverrides extends FakeMachine {
  /** Accounts of the stock machine to leave out. */
  readonly removeUsers?: readonly string[];
}

/**
 * A Debian 12 machine with vsftpd installed and one login user, alice, whose
 * home is root-owned 0555 (a valid chroot), with proc, sysfs and devpts
 * mounted. The config under test is `t.conf`, root-owned 0600, as the rule
 * tester names it. `over` replaces files and users by path and name, and
 * adds mounts.
 */
export function debianHost(over: DebianOverrides = {}): HostFacts {
  const files: Record<string, FakeNode | string | null> = {
    "t.conf": file("", { mode: 0o600 }),
    "/etc/pam.d/vsftpd": DEBIAN_PAM_VSFTPD,
    "/etc/pam.d/other": DEBIAN_PAM_OTHER,
    "/etc/pam.d/common-auth": "auth\t[success=1 default=ignore]\tpam_unix.so nullok\nauth\trequisite\tpam_deny.so\nauth\trequired\tpam_permit.so\n",
    "/etc/pam.d/common-account": "account\t[success=1 new_authtok_reqd=done default=ignore]\tpam_unix.so\naccount\trequisite\tpam_deny.so\naccount\trequired\tpam_permit.so\n",
    "/etc/pam.d/common-session": "session\trequired\tpam_unix.so\n",
    "/etc/pam.d/common-password": "password\trequired\tpam_unix.so\n",
    "/etc/ftpusers": "# /etc/ftpusers: list of users disallowed FTP access. See ftpusers(5).\n\nroot\ndaemon\nnobody\n",
    "/etc/shells": `# /etc/shells: valid login shells\n${DEBIAN_SHELLS.join("\n")}\n`,
    "/var/run/vsftpd/empty": dir(),
    "/srv/ftp": dir({ gid: 105 }),
    "/var/log": dir(),
    "/home/alice": dir({ mode: 0o555 }),
    "/proc": dir({ mode: 0o555 }),
    "/sys": dir({ mode: 0o555 }),
    "/dev/pts": dir(),
    ...over.files,
  };
  const byName = new Map(DEBIAN_USERS.map((u) => [u.name, u]));
  for (const u of over.users ?? []) byName.set(u.name, u);
  for (const name of over.removeUsers ?? []) byName.delete(name);
  const mounts: FakeMount[] = [
    { point: "/proc", fsType: "proc" },
    { point: "/sys", fsType: "sysfs" },
    { point: "/dev/pts", fsType: "devpts" },
    ...(over.mounts ?? []),
  ];
  return fakeHostFacts({ ...over, files, mounts, users: [...byName.values()] });
}
