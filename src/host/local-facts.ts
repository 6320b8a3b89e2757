/** HostFacts for the machine ftpctl runs on. */
import { execFileSync } from "node:child_process";
import { readFileSync, statSync, lstatSync, type Stats } from "node:fs";
import { networkInterfaces } from "node:os";
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
  let locked: Set<string> | undefined;
  const resolved = new Map<string, boolean>();
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
    // Unreadable shadow (not root): assume every account can log in, the cautious answer.
    passwordLocked: (name) => (locked ??= lockedAccounts(readOr(root + "/etc/shadow") ?? "")).has(name),
    localAddresses: () =>
      Object.values(networkInterfaces())
        .flat()
        .map((a) => a?.address)
        .filter((a): a is string => typeof a === "string"),
    resolves(name) {
      let ok = resolved.get(name);
      if (ok === undefined) {
        // getaddrinfo through getent: the same resolver vsftpd's gethostbyname uses.
        try {
          execFileSync("getent", ["ahostsv4", name], { stdio: "ignore", timeout: 5000 });
          ok = true;
        } catch {
          ok = false;
        }
        resolved.set(name, ok);
      }
      return ok;
    },
    now: () => new Date(),
  };
}
