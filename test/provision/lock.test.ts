/**
 * The apply lock: one per resolved target, in a directory only its owner
 * can write to, and robust against whatever is found at its path. The
 * hostile cases plant what an unprivileged user (uid 65534) would, and take
 * the lock in a separate process with a deadline, so a hang is a failure
 * rather than a stuck test run.
 */
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultLockDir, ensureLockDir, LockedError, lockPath, takeApplyLock } from "../../src/provision/lock.js";
import { checkRoot } from "../../src/provision/prepare.js";
import { describeWithTools } from "../helpers/require-tool.js";

describe("the apply lock", () => {
  const dir = mkdtempSync(join(tmpdir(), "ftpctl-lock-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is one file per target, the live system and each staging root apart", () => {
    expect(lockPath(undefined, dir)).not.toBe(lockPath("/tmp/stage", dir));
    expect(lockPath("/tmp/stage", dir)).toBe(lockPath("/tmp/stage", dir));
  });

  it("is keyed on the resolved target: a root spelt another way, or through a link, is the same target; / is the live system", () => {
    const stage = join(dir, "stage");
    mkdirSync(stage);
    symlinkSync(stage, join(dir, "stage-link"));
    const key = (r: string | undefined) => lockPath(checkRoot(r), dir);
    expect(key(`${dir}/./stage/../stage`)).toBe(key(stage));
    expect(key(join(dir, "stage-link"))).toBe(key(stage));
    for (const live of ["/", "//", "/tmp/..", "/tmp/../.."]) expect(key(live)).toBe(key(undefined));
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

  it("lives, for root, in a directory of its own under /run, not in the world-writable /run/lock", () => {
    if (process.geteuid?.() === 0) expect(defaultLockDir()).toBe("/run/ftpctl");
    else expect(defaultLockDir()).not.toMatch(/^\/run\/lock|^\/tmp\/?$/);
    expect(lockPath(undefined)).toMatch(/^\/run\/ftpctl\/|\/ftpctl(-\d+)?\//);
  });

  it("refuses a lock directory others can write to, that is a link, or that is not its owner's", () => {
    const shared = join(dir, "shared");
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    expect(() => takeApplyLock(join(shared, "x.lock"))).toThrow(/can be written by others/);
    symlinkSync(dir, join(dir, "linked"));
    expect(() => takeApplyLock(join(dir, "linked", "x.lock"))).toThrow(/is a symbolic link/);
    if (process.geteuid?.() === 0) {
      const theirs = join(dir, "theirs");
      mkdirSync(theirs, { mode: 0o700 });
      chownSync(theirs, 65534, 65534);
      expect(() => takeApplyLock(join(theirs, "x.lock"))).toThrow(/belongs to uid 65534/);
    }
    const made = join(dir, "made");
    ensureLockDir(made);
    expect(lstatSync(made).mode & 0o777).toBe(0o700);
  });
});

describeWithTools("the apply lock against an unprivileged user", ["root", "/usr/bin/setpriv", "/usr/bin/mkfifo", "/usr/bin/truncate"], () => {
  const NOBODY = ["--reuid=65534", "--regid=65534", "--clear-groups"];
  let dir = "";
  let bundle = "";
  const decoy = { path: "", bytes: "" };

  beforeAll(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), "ftpctl-lock-hostile-")));
    // The lock module on its own, for a child process that a deadline can kill if it hangs.
    bundle = join(dir, "lock.mjs");
    buildSync({ entryPoints: [join(import.meta.dirname, "../../src/provision/lock.ts")], bundle: true, platform: "node", format: "esm", outfile: bundle, logLevel: "error" });
    decoy.path = join(dir, "decoy");
    decoy.bytes = "a file the lock must never touch\n";
    writeFileSync(decoy.path, decoy.bytes);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Takes and releases the lock at `path` in a child; its output and how long it took. */
  async function takeInChild(path: string) {
    const started = Date.now();
    const script = [
      `import { readFileSync } from "node:fs";`,
      `import { takeApplyLock } from ${JSON.stringify(bundle)};`,
      `const release = takeApplyLock(${JSON.stringify(path)});`,
      `console.log(readFileSync(${JSON.stringify(path)}, "utf8") === process.pid + "\\n" ? "taken" : "not ours");`,
      `release();`,
    ].join("\n");
    const r = await execa(process.execPath, ["--input-type=module", "-e", script], { reject: false, timeout: 5_000 });
    return { ...r, ms: Date.now() - started };
  }

  it("for a user other than root, lives in a private directory of that user's", async () => {
    chmodSync(dir, 0o755);
    const tmp = join(dir, "tmp");
    mkdirSync(tmp);
    chmodSync(tmp, 0o1777);
    const script = `import { lockPath, takeApplyLock } from ${JSON.stringify(bundle)}; const p = lockPath(undefined); takeApplyLock(p)(); console.log(p);`;
    const r = await execa("setpriv", [...NOBODY, process.execPath, "--input-type=module", "-e", script], { reject: false, timeout: 5_000, env: { TMPDIR: tmp }, extendEnv: false });
    expect([r.exitCode, r.stderr]).toEqual([0, ""]);
    const lockDir = r.stdout.trim().slice(0, r.stdout.trim().lastIndexOf("/"));
    expect(lockDir).toBe(join(tmp, "ftpctl-65534"));
    const st = lstatSync(lockDir);
    expect([st.isDirectory(), st.uid, st.mode & 0o777]).toEqual([true, 65534, 0o700]);
  });

  it("cannot plant anything where root's lock lives", async () => {
    const path = lockPath(undefined);
    ensureLockDir(path.slice(0, path.lastIndexOf("/")));
    for (const argv of [["mkfifo", path], ["ln", "-s", "/etc/shadow", path], ["touch", path]]) {
      const r = await execa("setpriv", [...NOBODY, ...argv], { reject: false });
      try {
        expect(r.exitCode, `${argv.join(" ")} as uid 65534 succeeded`).not.toBe(0);
      } finally {
        if (r.exitCode === 0) rmSync(path, { force: true });
      }
    }
  });

  const planted: [what: string, plant: (path: string) => Promise<void>][] = [
    ["a FIFO", async (p) => void (await execa("mkfifo", [p]))],
    ["a link to a file of someone else's", async (p) => symlinkSync(decoy.path, p)],
    ["a link to a FIFO", async (p) => {
      await execa("mkfifo", [`${p}.fifo`]);
      symlinkSync(`${p}.fifo`, p);
    }],
    ["a dangling link", async (p) => symlinkSync(join(dir, "nowhere"), p)],
    ["a 3 GiB file", async (p) => void (await execa("truncate", ["-s", "3G", p]))],
    ["garbage", async (p) => writeFileSync(p, "\0\0not a pid\n".repeat(3))],
    ["the pid of a live process of someone else's, in a file they own", async (p) => writeFileSync(p, "1\n")],
  ];

  it.each(planted)("takes the lock at once over %s planted by uid 65534", async (_what, plant) => {
    const locks = join(dir, `locks-${Math.random().toString(36).slice(2)}`);
    mkdirSync(locks, { mode: 0o700 });
    const path = join(locks, "ftpctl-apply-x.lock");
    await plant(path);
    try {
      chownSync(path, 65534, 65534);
    } catch {
      // A dangling link: lchown below is enough.
    }
    await execa("chown", ["-h", "65534:65534", path]);
    const r = await takeInChild(path);
    expect(r.timedOut, "hung on what was planted").toBe(false);
    expect([r.exitCode, r.stdout.trim(), r.stderr]).toEqual([0, "taken", ""]);
    expect(r.ms).toBeLessThan(4_000);
    expect(readFileSync(decoy.path, "utf8")).toBe(decoy.bytes);
  });
});
