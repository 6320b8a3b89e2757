/**
 * An in-memory machine for host-rule tests: files with owner, mode, type and
 * content, symlinks, users, groups and shells. Parent directories of every
 * listed path exist implicitly (root-owned, 0755) unless listed themselves.
 */
import { posix } from "node:path";
import type { FileInfo, HostFacts, PasswdEntry } from "./facts.js";

export interface FakeNode {
  readonly type: FileInfo["type"] | "link";
  readonly uid: number;
  readonly gid: number;
  readonly mode: number;
  readonly content?: string;
  /** Symlink target, absolute or relative to the link's directory. */
  readonly target?: string;
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
export const special = (o: Owner = {}): FakeNode => ({ type: "other", uid: o.uid ?? 0, gid: o.gid ?? 0, mode: o.mode ?? 0o644 });

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
  readonly now?: Date;
  /** Accounts whose password is locked. */
  readonly locked?: readonly string[];
  /** Interface addresses; defaults to loopback only. */
  readonly addresses?: readonly string[];
  /** Host names the resolver finds; defaults to localhost. */
  readonly resolvable?: readonly string[];
}

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
  function lookup(path: string, followLast: boolean): FakeNode | undefined {
    let parts = norm(path).split("/").filter(Boolean);
    let cur = "";
    let hops = 0;
    for (let i = 0; i < parts.length; i++) {
      const next = `${cur}/${parts[i]}`;
      const node = nodes.get(next);
      if (!node) return undefined;
      const last = i === parts.length - 1;
      if (node.type === "link" && (followLast || !last)) {
        if (++hops > MAX_LINKS) return undefined;
        const target = node.target!.startsWith("/") ? node.target! : `${cur}/${node.target}`;
        parts = [...norm(target).split("/").filter(Boolean), ...parts.slice(i + 1)];
        cur = "";
        i = -1;
        continue;
      }
      if (!last && node.type !== "dir") return undefined;
      cur = next;
    }
    return cur === "" ? nodes.get("/") : nodes.get(cur);
  }

  const info = (n: FakeNode | undefined): FileInfo | undefined =>
    n && { type: n.type === "link" ? "other" : n.type, uid: n.uid, gid: n.gid, mode: n.mode };

  return {
    stat: (path) => info(lookup(path, true)),
    lstat: (path) => info(lookup(path, false)),
    readText(path) {
      const n = lookup(path, true);
      return n?.type === "file" ? (n.content ?? "") : undefined;
    },
    users: () => users,
    user: (name) => users.find((u) => u.name === name),
    groupsOf: (user) => [user.gid, ...(m.groups ?? []).filter((g) => g.members?.includes(user.name)).map((g) => g.gid)],
    shells: () => shells,
    daemonUid: m.daemonUid ?? 0,
    now: () => m.now ?? new Date("2025-06-01T00:00:00Z"),
    passwordLocked: (name) => (m.locked ?? []).includes(name),
    localAddresses: () => m.addresses ?? ["127.0.0.1", "::1"],
    resolves: (name) => (m.resolvable ?? ["localhost"]).includes(name),
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
 * home is root-owned 0555 (a valid chroot). The config under test is `t.conf`,
 * root-owned 0600, as the rule tester names it. `over` replaces files and
 * users by path and name.
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
    ...over.files,
  };
  const byName = new Map(DEBIAN_USERS.map((u) => [u.name, u]));
  for (const u of over.users ?? []) byName.set(u.name, u);
  for (const name of over.removeUsers ?? []) byName.delete(name);
  return fakeHostFacts({ ...over, files, users: [...byName.values()] });
}
