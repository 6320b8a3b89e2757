/**
 * A throwaway local account for tests that log in to a real vsftpd.
 * Needs the test sandbox (declare "sandbox" in describeWithTools): the
 * account lives in the sandbox's /etc and /home and vanishes with it, and
 * outside it these functions refuse. The password goes to chpasswd on
 * stdin, never on a command line where `ps` would show it.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { execa } from "execa";
import { assertSandbox } from "./sandbox.js";

export interface TestUser {
  readonly name: string;
  readonly password: string;
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
}

export const DEFAULT_TEST_USER = "ftpctl-fid";

// Only names with this prefix are ever deleted, so a typo cannot remove a real account.
const PREFIX = "ftpctl-";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function assertOwnName(name: string): void {
  if (!name.startsWith(PREFIX) || !/^[a-z][a-z0-9-]{0,31}$/.test(name)) {
    throw new Error(`test user names must start with '${PREFIX}' and be valid login names: ${name}`);
  }
}

/** shadow-utils refuses while another process holds /etc/passwd's lock; other test files may. */
async function withPasswdLockRetry(file: string, args: readonly string[], input?: string) {
  for (let attempt = 0; ; attempt++) {
    const r = await execa(file, args, { reject: false, ...(input !== undefined ? { input } : { stdin: "ignore" }) });
    if (r.exitCode === 0) return r;
    const busy = /lock|try again/i.test(r.stderr);
    if (!busy || attempt >= 20) {
      throw new Error(`${file} ${args.join(" ")} failed (exit ${r.exitCode}): ${r.stderr.trim()}`);
    }
    await sleep(150);
  }
}

async function exists(name: string): Promise<boolean> {
  const r = await execa("getent", ["passwd", name], { reject: false, stdin: "ignore" });
  return r.exitCode === 0;
}

async function lookup(name: string): Promise<{ uid: number; gid: number; home: string }> {
  const r = await execa("getent", ["passwd", name], { stdin: "ignore" });
  const f = r.stdout.trim().split(":");
  return { uid: Number(f[2]), gid: Number(f[3]), home: f[5]! };
}

/**
 * Creates a login user with a bash shell (vsftpd's PAM stack checks
 * /etc/shells) and a home of mode 0755 that the user owns, so a chroot into
 * it is a writable chroot. A leftover account of the same name from a crashed
 * run is removed first.
 */
export async function createTestUser(name = DEFAULT_TEST_USER): Promise<TestUser> {
  assertOwnName(name);
  assertSandbox(`creating the test user ${name}`);
  if (await exists(name)) await removeTestUser(name);
  const home = `/home/${name}`;
  await withPasswdLockRetry("useradd", ["--create-home", "--home-dir", home, "--shell", "/bin/bash", "--key", "UID_MIN=1000", name]);
  const password = randomBytes(12).toString("base64url");
  await withPasswdLockRetry("chpasswd", [], `${name}:${password}\n`);
  const { uid, gid } = await lookup(name);
  if (uid < 1000) throw new Error(`test user ${name} got uid ${uid} < 1000`);
  chmodSync(home, 0o755);
  chownSync(home, uid, gid);
  const file = `${home}/hello.txt`;
  writeFileSync(file, "hello from ftpctl's test user\n");
  chownSync(file, uid, gid);
  return { name, password, uid, gid, home };
}

/** Processes whose real uid is `uid`, from /proc. */
function processesOf(uid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const m = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${entry}/status`, "utf8"));
      if (m && Number(m[1]) === uid) pids.push(Number(entry));
    } catch {
      // Gone while reading.
    }
  }
  return pids;
}

async function untilNoProcessOf(uid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (processesOf(uid).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

/** Deletes the account and its home; a missing account is not an error. */
export async function removeTestUser(user: TestUser | string): Promise<void> {
  const name = typeof user === "string" ? user : user.name;
  assertOwnName(name);
  assertSandbox(`removing the test user ${name}`);
  if (!(await exists(name))) return;
  // Kill nothing here: sessions of this user belong to daemons their tests stop. A stopped
  // daemon's sessions can linger a moment as zombies until init reaps them, and userdel
  // refuses while any process has the uid: wait for that, a bounded while.
  if (typeof user !== "string") await untilNoProcessOf(user.uid, 5000);
  await withPasswdLockRetry("userdel", ["--remove", name]).catch(async (e: Error) => {
    // userdel exits 12 when only the mail spool was missing; the account is gone then.
    if (await exists(name)) throw e;
  });
}
