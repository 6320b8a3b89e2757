/**
 * Accounts as the target sees them: /etc/passwd, /etc/group and /etc/shadow,
 * read through the Executor so a staging root reads its own files. Local
 * files rather than getent: useradd writes them, and under --root getent
 * would answer for the host instead.
 */
import { parsePasswd } from "../host/local-facts.js";
import type { PasswdEntry } from "../host/facts.js";
import type { Executor } from "./executor.js";

export interface GroupEntry {
  readonly name: string;
  readonly gid: number;
  readonly members: readonly string[];
}

export interface Accounts {
  user(name: string): PasswdEntry | undefined;
  group(name: string): GroupEntry | undefined;
  groupById(gid: number): GroupEntry | undefined;
  userById(uid: number): PasswdEntry | undefined;
}

/** Shells that refuse interactive logins; an FTP-only account must have one of these. */
export const NOLOGIN_SHELLS: ReadonlySet<string> = new Set(["/usr/sbin/nologin", "/sbin/nologin", "/bin/false", "/usr/bin/false"]);

/** shadow-utils' rule (useradd's default NAME_REGEX), the same pattern the profile schema enforces. */
export const LINUX_USER_NAME = /^[a-z_][a-z0-9_-]{0,30}\$?$/;

export function parseGroup(text: string): GroupEntry[] {
  return text
    .split("\n")
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => l.split(":"))
    .filter((f) => f.length >= 4)
    .map((f) => ({ name: f[0]!, gid: Number(f[2]), members: f[3]!.split(",").filter(Boolean) }));
}

export async function readAccounts(exec: Executor): Promise<Accounts> {
  const users = parsePasswd((await exec.readFile("/etc/passwd"))?.toString("utf8") ?? "");
  const groups = parseGroup((await exec.readFile("/etc/group"))?.toString("utf8") ?? "");
  return {
    user: (name) => users.find((u) => u.name === name),
    userById: (uid) => users.find((u) => u.uid === uid),
    group: (name) => groups.find((g) => g.name === name),
    groupById: (gid) => groups.find((g) => g.gid === gid),
  };
}

/** The password field of a user's /etc/shadow line; undefined when the user has none. */
export async function shadowHash(exec: Executor, name: string): Promise<string | undefined> {
  const text = (await exec.readFile("/etc/shadow"))?.toString("utf8") ?? "";
  for (const line of text.split("\n")) {
    const f = line.split(":");
    if (f[0] === name && f.length >= 2) return f[1];
  }
  return undefined;
}

/** A shadow password field that can never match a password: locked ("!..."), disabled ("*") or empty. */
export function isLocked(hash: string | undefined): boolean {
  return hash === undefined || hash === "" || hash.startsWith("!") || hash === "*";
}

/**
 * Runs a shadow-utils command (useradd, usermod, chpasswd), retrying while
 * another process holds the /etc/passwd lock: those tools fail at once
 * rather than wait.
 */
export async function runShadowTool(
  exec: Executor,
  argv: readonly string[],
  input?: string,
): Promise<{ code: number; stderr: string; skipped?: boolean }> {
  for (let attempt = 0; ; attempt++) {
    const r = await exec.run(argv, input !== undefined ? { input, timeoutMs: 60_000 } : { timeoutMs: 60_000 });
    if (r.code === 0 || attempt >= 20 || !/lock|try again/i.test(r.stderr)) return r;
    await new Promise((res) => setTimeout(res, 150));
  }
}
