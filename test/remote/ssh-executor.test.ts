/**
 * The ssh executor's commands and scripts, run by the real /bin/sh and
 * coreutils of this machine through a stand-in ssh client
 * (test/remote/fake-ssh.ts) that executes the remote command line as sshd
 * would. What the real client and server add is test/container/ssh.test.ts.
 */
import { execFileSync } from "node:child_process";
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SshExecutor, parseStat, toolReason } from "../../src/remote/ssh-executor.js";
import { SshError, SshSession, connectionProblem, parseSshTarget } from "../../src/remote/ssh.js";
import { fakeSsh, type FakeSsh } from "./fake-ssh.js";

const NASTY = ["it's", "two words", "line\nbreak", "$(touch pwned)", "`touch pwned`", "-rf", "--", "*", '"q"', "\\", "ünï"];

describe("SshExecutor through the system shell", () => {
  let fake: FakeSsh;
  let session: SshSession;
  let exec: SshExecutor;
  let dir: string;

  beforeAll(async () => {
    fake = fakeSsh();
    session = await SshSession.open({ user: "root", host: "server", port: 2222 }, { ssh: fake.path });
    exec = new SshExecutor(session);
    dir = mkdtempSync(join(tmpdir(), "ftpctl-ssh-exec-"));
  });

  afterAll(() => {
    session?.close();
    fake?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("runs argv words exactly, whatever they hold", async () => {
    const r = await exec.run(["printf", "%s\\0", ...NASTY]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\0").slice(0, -1)).toEqual(NASTY);
    expect(readdirSync(process.cwd())).not.toContain("pwned");
  });

  it("passes standard input, and never puts it on a command line", async () => {
    const secret = "alice:S3cr3t-$(id)-'pw'";
    const r = await exec.run(["cat"], { input: secret });
    expect(r.stdout).toBe(secret);
    expect(fake.calls().flat().join("\n")).not.toContain("S3cr3t");
  });

  it("runs in the C locale with root's PATH and the caller's environment", async () => {
    const r = await exec.probe(["sh", "-c", 'printf "%s|%s|%s" "$LC_ALL" "$PATH" "$DEBIAN_FRONTEND"'], { env: { DEBIAN_FRONTEND: "noninteractive" } });
    expect(r.stdout).toBe("C|/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin|noninteractive");
  });

  it("reports a missing program as LocalExecutor does", async () => {
    const r = await exec.run(["ftpctl-no-such-program", "x"]);
    expect(r).toMatchObject({ code: 127, stderr: "ftpctl-no-such-program: command not found" });
  });

  it("enforces a time limit on the server side", async () => {
    const t0 = Date.now();
    const r = await exec.run(["sleep", "30"], { timeoutMs: 1000 });
    expect(r.timedOut).toBe(true);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it("captures what a command writes to its fd 0, apart from its stdout", async () => {
    const r = await exec.run(["sh", "-c", "printf 'refused: bad option\\n' >&0; printf 'out\\nmore'; exit 2"], { captureFd0: true });
    expect(r).toMatchObject({ code: 2, stdout: "out\nmore", fd0: "refused: bad option\n" });
  });

  it("finds programs on root's PATH", async () => {
    expect(await exec.which("sh")).toMatch(/\/sh$/);
    expect(await exec.which("ftpctl-no-such-program")).toBeUndefined();
    expect(await exec.which("/bin/sh")).toBe("/bin/sh");
  });

  it("reads regular files, bytes unchanged, and nothing else", async () => {
    const name = join(dir, "it's $(x) `y`\nz.txt");
    const bytes = Buffer.from([0x61, 0xff, 0x00, 0x0a, 0x27]);
    writeFileSync(name, bytes);
    expect(await exec.readFile(name)).toEqual(bytes);
    expect(await exec.readFile(join(dir, "missing"))).toBeUndefined();
    expect(await exec.readFile(join(dir, "missing/below"))).toBeUndefined();
    await expect(exec.readFile(dir)).rejects.toThrow(/cannot read: is a directory/);
    const fifo = join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    // Never opened: a FIFO would block the read.
    await expect(exec.readFile(fifo)).rejects.toThrow(/cannot read: not a regular file/);
  });

  it("stats the entry itself", async () => {
    const f = join(dir, "stat-me");
    writeFileSync(f, "12345", { mode: 0o640 });
    expect(await exec.stat(f)).toEqual({ type: "file", mode: 0o640, uid: statSync(f).uid, gid: statSync(f).gid, size: 5 });
    symlinkSync(f, join(dir, "link"));
    expect((await exec.stat(join(dir, "link")))?.type).toBe("link");
    expect((await exec.stat(join(dir, "fifo")))).toMatchObject({ type: "other", kind: "a named pipe (FIFO)" });
    expect(await exec.stat(join(dir, "none"))).toBeUndefined();
  });

  it("writes atomically, with owner and mode, and refuses links and special files", async () => {
    const f = join(dir, "conf's file");
    await exec.writeFile(f, "one\n", { mode: 0o640, uid: 0, gid: 0 });
    expect(readFileSync(f, "utf8")).toBe("one\n");
    expect(statSync(f).mode & 0o7777).toBe(0o640);
    const before = statSync(f).ino;
    await exec.writeFile(f, Buffer.from([0, 1, 2, 0xff]), { mode: 0o600, uid: 0, gid: 0 });
    expect(readFileSync(f)).toEqual(Buffer.from([0, 1, 2, 0xff]));
    expect(statSync(f).mode & 0o7777).toBe(0o600);
    // Replaced by rename: a new inode, never the old file rewritten in place.
    expect(statSync(f).ino).not.toBe(before);
    await expect(exec.writeFile(join(dir, "link"), "x", { mode: 0o644 })).rejects.toThrow(/cannot write: it is a symbolic link/);
    expect(readFileSync(join(dir, "stat-me"), "utf8")).toBe("12345");
    await expect(exec.writeFile(join(dir, "fifo"), "x", { mode: 0o644 })).rejects.toThrow(/not a regular file; refusing to replace it/);
    await expect(exec.writeFile(join(dir, "nodir/x"), "x", { mode: 0o644 })).rejects.toThrow(/no such directory/);
    expect(readdirSync(dir).filter((n) => n.startsWith(".ftpctl-"))).toEqual([]);
  });

  it("makes directories with their mode, changes modes and owners, renames and removes", async () => {
    const d = join(dir, "made dir");
    await exec.mkdir(d, { mode: 0o2755, uid: 0, gid: 0 });
    expect(statSync(d).mode & 0o7777).toBe(0o2755);
    await expect(exec.mkdir(d, { mode: 0o755 })).rejects.toThrow(/cannot create directory: it already exists/);
    await exec.chmod(d, 0o750);
    expect(statSync(d).mode & 0o7777).toBe(0o750);
    await exec.chown(d, 0, 0);
    await expect(exec.chmod(join(dir, "link"), 0o777)).rejects.toThrow(/cannot chmod: it is a symbolic link/);
    expect(statSync(join(dir, "stat-me")).mode & 0o7777).toBe(0o640);
    const a = join(dir, "a");
    writeFileSync(a, "a");
    await exec.rename(a, join(dir, "b"));
    expect(readFileSync(join(dir, "b"), "utf8")).toBe("a");
    await exec.remove(join(dir, "b"));
    await exec.remove(join(dir, "link"));
    expect(() => lstatSync(join(dir, "link"))).toThrow();
    expect(readFileSync(join(dir, "stat-me"), "utf8")).toBe("12345");
    await exec.remove(d);
    await exec.remove(join(dir, "never there"));
    mkdirSync(join(dir, "full"));
    writeFileSync(join(dir, "full/x"), "");
    await expect(exec.remove(join(dir, "full"))).rejects.toThrow(/cannot remove: directory not empty/);
  });

  it("resolves paths on the server", async () => {
    symlinkSync(dir, join(dir, "up"));
    expect(await exec.realpath(join(dir, "up/stat-me"))).toBe(join(dir, "stat-me"));
    expect(await exec.realpath(join(dir, "up/not/yet"))).toBe(join(dir, "not/yet"));
  });

  it("asks ssh for batch mode on one multiplexed connection, and never for less host-key checking", () => {
    const calls = fake.calls();
    const master = calls.find((c) => c.includes("-M"))!;
    expect(master).toEqual(expect.arrayContaining(["-f", "-N", "-o", "BatchMode=yes", "-l", "root", "-p", "2222", "--", "server"]));
    const control = master[master.indexOf("-S") + 1]!;
    expect(statSync(join(control, "..")).mode & 0o777).toBe(0o700);
    for (const c of calls) {
      expect(c.join(" ")).not.toMatch(/StrictHostKeyChecking|UserKnownHostsFile|CheckHostIP/);
      expect(c[c.indexOf("-S") + 1]).toBe(control);
      if (!c.includes("-O") && !c.includes("-G")) expect(c).toContain("BatchMode=yes");
    }
  });
});

describe("SshSession", () => {
  it("closes the master with ssh -O exit and removes its private directory", async () => {
    const fake = fakeSsh();
    try {
      const s = await SshSession.open({ host: "server" }, { ssh: fake.path });
      const control = fake.calls()[0]![fake.calls()[0]!.indexOf("-S") + 1]!;
      s.close();
      s.close();
      const exits = fake.calls().filter((c) => c.includes("-O") && c[c.indexOf("-O") + 1] === "exit");
      expect(exits).toHaveLength(1);
      expect(() => statSync(join(control, ".."))).toThrow();
      expect(process.listenerCount("SIGINT")).toBe(0);
    } finally {
      fake.cleanup();
    }
  });

  it.each([
    ["badkey", /^ssh badkey: host key verification failed: /],
    ["denied", /^ssh denied: the server refused the login \(permission denied\)/],
    ["refused", /^ssh refused: connection refused/],
  ])("a connection to %s fails with one line, exit 2", async (host, message) => {
    const fake = fakeSsh();
    try {
      const err = await SshSession.open({ host }, { ssh: fake.path }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SshError);
      expect((err as SshError).exitCode).toBe(2);
      expect((err as SshError).message).toMatch(message);
      expect((err as SshError).message).not.toContain("\n");
    } finally {
      fake.cleanup();
    }
  });

  it("says when there is no ssh client", async () => {
    await expect(SshSession.open({ host: "x" }, { ssh: "/nonexistent/ssh" })).rejects.toThrow(/needs the ssh client/);
  });
});

describe("parseSshTarget", () => {
  it.each([
    ["host", { host: "host" }],
    ["root@host", { user: "root", host: "host" }],
    ["root@host:2222", { user: "root", host: "host", port: 2222 }],
    ["203.0.113.5:22", { host: "203.0.113.5", port: 22 }],
    ["[2001:db8::1]:2222", { host: "2001:db8::1", port: 2222 }],
    ["admin@[::1]", { user: "admin", host: "::1" }],
    ["::1", { host: "::1" }],
    ["a@b@host", { user: "a@b", host: "host" }],
  ])("%s", (text, want) => {
    expect(parseSshTarget(text)).toEqual(want);
  });

  it.each([
    ["", /empty/],
    ["host:0", /not a port/],
    ["host:65536", /not a port/],
    ["host:ssh", /not a port/],
    ["-oProxyCommand=x", /cannot start with '-'/],
    ["@host", /no user/],
    ["root@", /no host/],
    ["two words", /space or a control character/],
    ["host\n", /space or a control character/],
  ])("refuses %j", (text, why) => {
    expect(() => parseSshTarget(text)).toThrow(why);
  });
});

describe("messages", () => {
  it("names the reason the way the rest of ftpctl does", () => {
    expect(toolReason("chmod: changing permissions of '/x': Operation not permitted\n")).toBe("operation not permitted (log in as root)");
    expect(toolReason("rmdir: failed to remove 'x': Directory not empty\n")).toBe("directory not empty");
    expect(connectionProblem("ssh: Could not resolve hostname nowhere: Name or service not known\n", { host: "nowhere" })).toBe("ssh nowhere: cannot resolve the host name");
    expect(parseStat("81a4 0 0 12\n")).toEqual({ type: "file", mode: 0o644, uid: 0, gid: 0, size: 12 });
    expect(parseStat("a1ff 0 0 4")).toMatchObject({ type: "link" });
  });
});
