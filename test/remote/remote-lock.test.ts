/**
 * apply --ssh takes the server's own apply lock, the one a run on the
 * server takes (provision/lock.ts), held by a process that lives as long
 * as the connection. Through the stand-in ssh client (commands run on this
 * machine, test/remote/fake-ssh.ts), with a temporary lock directory.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LockDirError, LockedError, lockPath, takeApplyLock } from "../../src/provision/lock.js";
import { takeServerApplyLock } from "../../src/remote/remote-lock.js";
import { SshExecutor } from "../../src/remote/ssh-executor.js";
import { SshSession } from "../../src/remote/ssh.js";
import { fakeSsh, type FakeSsh } from "./fake-ssh.js";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("the server's apply lock over ssh", () => {
  let fake: FakeSsh;
  let session: SshSession;
  let exec: SshExecutor;
  let dir: string;
  let lock: string;

  beforeAll(async () => {
    fake = fakeSsh();
    session = await SshSession.open({ host: "server" }, { ssh: fake.path });
    exec = new SshExecutor(session);
    dir = mkdtempSync(join(tmpdir(), "ftpctl-remote-lock-"));
    lock = lockPath(undefined, dir);
  });
  afterAll(() => {
    session?.close();
    fake?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("is the lock a run on the server takes, held by a process that lives as long as the connection", async () => {
    const release = await takeServerApplyLock(exec, session, dir);
    const holder = Number(readFileSync(lock, "utf8"));
    expect(alive(holder)).toBe(true);
    // A second run over ssh, and a run on the server itself, are both refused.
    await expect(takeServerApplyLock(exec, session, dir)).rejects.toThrow(new RegExp(`another ftpctl apply is running on the server \\(pid ${holder} there\\)`));
    await expect(takeServerApplyLock(exec, session, dir)).rejects.toBeInstanceOf(LockedError);
    expect(() => takeApplyLock(lock)).toThrow(new RegExp(`another ftpctl apply is running on this target \\(pid ${holder}\\)`));
    await release();
    expect(existsSync(lock)).toBe(false);
    for (let i = 0; i < 50 && alive(holder); i++) await new Promise((r) => setTimeout(r, 100));
    expect(alive(holder)).toBe(false);
  });

  it("refuses while a run on the server holds it, and takes over a stale one", async () => {
    const local = takeApplyLock(lock);
    await expect(takeServerApplyLock(exec, session, dir)).rejects.toThrow(new RegExp(`pid ${process.pid} there`));
    local();
    writeFileSync(lock, "999999999\n");
    const release = await takeServerApplyLock(exec, session, dir);
    expect(readFileSync(lock, "utf8")).not.toBe("999999999\n");
    await release();
  });

  it("refuses a lock directory others can write to", async () => {
    chmodSync(dir, 0o770);
    try {
      const err = await takeServerApplyLock(exec, session, dir).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LockDirError);
      expect((err as Error).message).toMatch(/cannot take the apply lock on the server: .* can be written by others/);
    } finally {
      chmodSync(dir, 0o700);
    }
  });
});
