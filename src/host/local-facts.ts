/** HostFacts for the machine ftpctl runs on. */
import { readFileSync, statSync, lstatSync, type Stats } from "node:fs";
import type { FileInfo, HostFacts, PasswdEntry } from "./facts.js";

function info(st: Stats): FileInfo {
  return {
    type: st.isFile() ? "file" : st.isDirectory() ? "dir" : "other",
    uid: st.uid,
    gid: st.gid,
    mode: st.mode & 0o7777,
  };
}

function readOr(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

export function parsePasswd(text: string): PasswdEntry[] {
  return text
    .split("\n")
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => l.split(":"))
    .filter((f) => f.length >= 7)
    .map((f) => ({ name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), home: f[5]!, shell: f[6]! }));
}

export function localHostFacts(root = ""): HostFacts {
  let passwd: PasswdEntry[] | undefined;
  let groups: { gid: number; members: string[] }[] | undefined;
  const users = () => (passwd ??= parsePasswd(readOr(root + "/etc/passwd") ?? ""));
  return {
    stat(path) {
      try {
        return info(statSync(root + path));
      } catch {
        return undefined;
      }
    },
    lstat(path) {
      try {
        return info(lstatSync(root + path));
      } catch {
        return undefined;
      }
    },
    readText: (path) => readOr(root + path),
    users,
    user: (name) => users().find((u) => u.name === name),
    groupsOf(user) {
      groups ??= (readOr(root + "/etc/group") ?? "")
        .split("\n")
        .map((l) => l.split(":"))
        .filter((f) => f.length >= 4)
        .map((f) => ({ gid: Number(f[2]), members: f[3]!.split(",").filter(Boolean) }));
      return [user.gid, ...groups.filter((g) => g.members.includes(user.name)).map((g) => g.gid)];
    },
    shells: () =>
      (readOr(root + "/etc/shells") ?? "")
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith("#")),
    daemonUid: 0,
    now: () => new Date(),
  };
}
