/**
 * The local executor under --root, call by call: every path goes through
 * the jail (core/path-jail.ts), so links planted in the staging tree lead
 * to places inside it; a link in the last component is reported by stat
 * and never changed through; reads cannot be made to hang or to swallow a
 * huge file. The FIFO case runs in a child with a deadline, so a hang fails
 * the test instead of stalling the run.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { execa } from "execa";
import { afterAll, beforeAll, expect, it } from "vitest";
import { LocalExecutor } from "../../src/provision/local-executor.js";
import { describeWithTools } from "../helpers/require-tool.js";

describeWithTools("LocalExecutor under --root", ["root", "/usr/bin/truncate", "/usr/bin/mkfifo"], () => {
  let dir = "";
  let root = "";
  let outside = "";
  let exec: LocalExecutor;

  beforeAll(() => {
    dir = realpathSync(mkdtempSync("/tmp/ftpctl-exec-jail-"));
    root = join(dir, "stage");
    outside = join(dir, "outside");
    mkdirSync(outside);
    writeFileSync(join(outside, "secret"), "outside\n");
    chmodSync(join(outside, "secret"), 0o600);
    for (const d of ["etc", "run", "var", "srv"]) mkdirSync(join(root, d), { recursive: true });
    writeFileSync(join(root, "etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
    symlinkSync("/run", join(root, "var/run"));
    symlinkSync(join(outside, "secret"), join(root, "etc/secret-link"));
    symlinkSync("../../../../../../..", join(root, "srv/up"));
    symlinkSync(outside, join(root, "srv/out"));
    exec = new LocalExecutor({ root });
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("reads through an absolute link inside the tree, never the host file it names", async () => {
    expect(await exec.readFile("/etc/secret-link")).toBeUndefined();
    mkdirSync(join(root, outside), { recursive: true });
    writeFileSync(join(root, outside, "secret"), "inside\n");
    expect((await exec.readFile("/etc/secret-link"))?.toString()).toBe("inside\n");
    expect((await exec.readFile("/srv/up/etc/passwd"))?.toString()).toBe("root:x:0:0::/root:/bin/sh\n");
  });

  it("stat reports a link in the last component, and follows links before it", async () => {
    expect(await exec.stat("/var/run")).toMatchObject({ type: "link" });
    expect(await exec.stat("/etc/secret-link")).toMatchObject({ type: "link" });
    await exec.mkdir("/var/run/vsftpd", { mode: 0o755, uid: 0, gid: 0 });
    expect(await exec.stat("/var/run/vsftpd")).toMatchObject({ type: "dir", mode: 0o755 });
    expect(statSync(join(root, "run/vsftpd")).isDirectory()).toBe(true);
  });

  it("writes, renames and removes inside the tree through links that name host directories", async () => {
    await exec.writeFile("/srv/out/new", "x\n", { mode: 0o644, uid: 0, gid: 0 });
    expect(readFileSync(join(root, outside, "new"), "utf8")).toBe("x\n");
    await exec.rename("/srv/out/new", "/srv/up/etc/moved");
    expect(readFileSync(join(root, "etc/moved"), "utf8")).toBe("x\n");
    await exec.remove("/srv/up/etc/moved");
    expect(existsSync(join(root, "etc/moved"))).toBe(false);
    expect(existsSync(join(outside, "new"))).toBe(false);
  });

  it("never changes a file through a link: chmod, chown and write refuse, remove takes the link itself", async () => {
    symlinkSync("/etc/passwd", join(root, "etc/passwd-link"));
    const before = statSync(join(root, "etc/passwd"));
    await expect(exec.chmod("/etc/passwd-link", 0o777)).rejects.toThrow("/etc/passwd-link: cannot chmod: it is a symbolic link");
    await expect(exec.chown("/etc/passwd-link", 65534, 65534)).rejects.toThrow("cannot chown: it is a symbolic link");
    await expect(exec.writeFile("/etc/passwd-link", "x", { mode: 0o644 })).rejects.toThrow("cannot write: it is a symbolic link");
    const after = statSync(join(root, "etc/passwd"));
    expect([after.mode, after.uid, after.ino]).toEqual([before.mode, before.uid, before.ino]);
    await exec.remove("/etc/passwd-link");
    expect(existsSync(join(root, "etc/passwd-link"))).toBe(false);
    expect(readFileSync(join(root, "etc/passwd"), "utf8")).toBe("root:x:0:0::/root:/bin/sh\n");
    expect(statSync(join(outside, "secret")).mode & 0o777).toBe(0o600);
  });

  it("a link loop is one clear error, not a crash", async () => {
    symlinkSync("loop", join(root, "etc/loop"));
    await expect(exec.readFile("/etc/loop")).rejects.toThrow("/etc/loop: cannot read: too many levels of symbolic links");
    await expect(exec.mkdir("/etc/loop/x", { mode: 0o755 })).rejects.toThrow("/etc/loop/x: cannot create directory: too many levels of symbolic links");
  });

  it("reads only regular files, and only up to a cap", async () => {
    await execa("truncate", ["-s", "17M", join(root, "etc/huge")]);
    await expect(exec.readFile("/etc/huge")).rejects.toThrow("/etc/huge: cannot read: larger than 16 MiB");
    await expect(exec.readFile("/etc")).rejects.toThrow("/etc: cannot read: is a directory");
  });

  it("a FIFO in the tree does not hang a read", async () => {
    await execa("mkfifo", [join(root, "etc/group")]);
    const bundle = join(dir, "executor.cjs");
    buildSync({ entryPoints: [join(import.meta.dirname, "../../src/provision/local-executor.ts")], bundle: true, platform: "node", format: "cjs", outfile: bundle, logLevel: "error" });
    const script = `const { LocalExecutor } = require(${JSON.stringify(bundle)}); new LocalExecutor({ root: ${JSON.stringify(root)} }).readFile("/etc/group").then(() => console.log("read"), (e) => console.log(e.message));`;
    const r = await execa(process.execPath, ["-e", script], { reject: false, timeout: 5_000 });
    expect(r.timedOut, "the read hung on a FIFO").toBe(false);
    expect(r.stdout.trim()).toBe("/etc/group: cannot read: not a regular file");
    expect(lstatSync(join(root, "etc/group")).isFIFO()).toBe(true);
  });
});
