import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LockedError, lockPath, takeApplyLock } from "../../src/provision/lock.js";

describe("the apply lock", () => {
  const dir = mkdtempSync(join(tmpdir(), "ftpctl-lock-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is one file per target, the live system and each staging root apart", () => {
    expect(lockPath(undefined, dir)).not.toBe(lockPath("/tmp/stage", dir));
    expect(lockPath("/tmp/stage", dir)).toBe(lockPath("/tmp/stage", dir));
  });

  it("holds the owner's pid, refuses a second taker naming it, and is gone after release", () => {
    const path = lockPath("/one", dir);
    const release = takeApplyLock(path);
    expect(readFileSync(path, "utf8")).toBe(`${process.pid}\n`);
    expect(() => takeApplyLock(path)).toThrow(LockedError);
    expect(() => takeApplyLock(path)).toThrow(`pid ${process.pid}`);
    release();
    expect(existsSync(path)).toBe(false);
    takeApplyLock(path)();
  });

  it("takes over a lock whose owner is gone", () => {
    const path = lockPath("/two", dir);
    // Above the kernel's pid_max: no such process can exist.
    writeFileSync(path, "4194305\n");
    const release = takeApplyLock(path);
    expect(readFileSync(path, "utf8")).toBe(`${process.pid}\n`);
    release();
  });
});
