import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { localHostFacts, parsePasswd } from "../../src/host/local-facts.js";
import type { FileInfo, Lookup } from "../../src/host/facts.js";

/** What a lookup found, or undefined for "missing" and errors alike. */
const found = (l: Lookup): FileInfo | undefined => (l.state === "found" ? l.info : undefined);

const tmp = mkdtempSync(join(tmpdir(), "ftpctl-local-facts-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("localHostFacts on this machine", () => {
  const host = localHostFacts();

  it("stats files and directories, owner and mode included", () => {
    expect(found(host.lookup("/etc/passwd"))).toMatchObject({ type: "file", uid: 0 });
    expect(found(host.lookup("/"))).toMatchObject({ type: "dir", uid: 0 });
    const f = join(tmp, "mode-0640");
    writeFileSync(f, "x");
    chmodSync(f, 0o640);
    expect(found(host.lookup(f))?.mode).toBe(0o640);
    expect(host.lookup(join(tmp, "missing"))).toEqual({ state: "missing" });
  });

  it("follows symlinks with stat, not with lstat", () => {
    const target = join(tmp, "target");
    const ln = join(tmp, "link");
    writeFileSync(target, "hello");
    symlinkSync(target, ln);
    expect(found(host.lookup(ln))?.type).toBe("file");
    expect(found(host.lookupLink(ln))?.type).toBe("other");
    expect(host.readText(ln)).toBe("hello");
  });

  it("reads regular files only, without blocking on a FIFO", async () => {
    const fifo = join(tmp, "read.fifo");
    await execa("mkfifo", [fifo]);
    expect(host.read(fifo)).toEqual({ state: "notFile", type: "other" });
    expect(host.read("/etc")).toEqual({ state: "notFile", type: "dir" });
    expect(host.read("/dev/null")).toEqual({ state: "notFile", type: "other" });
    expect(host.read(join(tmp, "missing"))).toEqual({ state: "missing" });
    const big = join(tmp, "big");
    writeFileSync(big, "x");
    expect(host.read(big)).toEqual({ state: "found", text: "x" });
  });

  it("reads /proc files, whose size says 0", () => {
    expect(host.read("/proc/self/status")).toMatchObject({ state: "found", text: expect.stringContaining("Name:") });
  });

  it("reads text, and nothing from directories or missing paths", () => {
    expect(host.readText("/etc/passwd")).toContain("root:");
    expect(host.readText("/etc")).toBeUndefined();
    expect(host.readText(join(tmp, "missing"))).toBeUndefined();
  });

  it("reads the passwd and group databases", () => {
    expect(host.user("root")).toMatchObject({ uid: 0, gid: 0, home: "/root" });
    expect(host.users().some((u) => u.name === "root")).toBe(true);
    expect(host.user("ftpctl-no-such-user")).toBeUndefined();
    expect(host.groupsOf(host.user("root")!)).toContain(0);
  });

  it("lists /etc/shells without comments", () => {
    const shells = host.shells();
    expect(shells.length).toBeGreaterThan(0);
    for (const s of shells) expect(s.startsWith("/")).toBe(true);
  });

  it("reports root as vsftpd's uid and the current time", () => {
    expect(host.daemonUid).toBe(0);
    expect(Math.abs(host.now().getTime() - Date.now())).toBeLessThan(60_000);
  });
});

describe("localHostFacts under another root", () => {
  const root = join(tmp, "root");
  mkdirSync(join(root, "etc"), { recursive: true });
  writeFileSync(join(root, "etc/passwd"), "# a comment\nroot:x:0:0:root:/root:/bin/bash\nbob:x:1001:1001::/home/bob:/usr/sbin/nologin\nbroken:line\n");
  writeFileSync(join(root, "etc/group"), "staff:x:50:bob,carol\nbob:x:1001:\n");
  writeFileSync(join(root, "etc/shells"), "# shells\n/bin/bash\n\n  /bin/sh  \n");
  const host = localHostFacts(root);

  it("reads that root's databases", () => {
    expect(host.users().map((u) => u.name)).toEqual(["root", "bob"]);
    expect(host.user("bob")).toEqual({ name: "bob", uid: 1001, gid: 1001, home: "/home/bob", shell: "/usr/sbin/nologin" });
    expect(host.groupsOf(host.user("bob")!)).toEqual([1001, 50]);
    expect(host.shells()).toEqual(["/bin/bash", "/bin/sh"]);
    expect(found(host.lookup("/etc/passwd"))?.type).toBe("file");
  });
});

describe("parsePasswd", () => {
  it("skips comments, blank and short lines", () => {
    expect(parsePasswd("#x\n\nftp:x:102:105:ftp daemon,,,:/srv/ftp:/usr/sbin/nologin\nbad\n")).toEqual([
      { name: "ftp", uid: 102, gid: 105, home: "/srv/ftp", shell: "/usr/sbin/nologin" },
    ]);
  });
});

describe("lockedAccounts", () => {
  it("reads only the lock markers of /etc/shadow", async () => {
    const { lockedAccounts } = await import("../../src/host/local-facts.js");
    const shadow = ["root:$y$j9T$abc:19000:0:99999:7:::", "daemon:*:19000:0:99999:7:::", "cloud:!:19000::::::", "alice:!$y$hash:19000::::::", "bob:$6$x$y:19000::::::", ""].join("\n");
    expect([...lockedAccounts(shadow)].sort()).toEqual(["alice", "cloud", "daemon"]);
  });
});

describe("localHostFacts: lookups and log opens, without writing", () => {
  const host = localHostFacts();
  const dir = join(tmp, "append");
  mkdirSync(dir);

  it("tells a missing path from one whose lookup fails", () => {
    const loop = join(dir, "loop");
    symlinkSync("loop", loop);
    expect(host.lookup(join(dir, "missing"))).toEqual({ state: "missing" });
    expect(host.lookup(join(dir, "missing", "below"))).toEqual({ state: "missing" });
    expect(host.lookup(loop)).toEqual({ state: "error", code: "ELOOP" });
    expect(host.lookup(dir)).toMatchObject({ state: "found", info: { type: "dir" } });
  });

  it("predicts vsftpd's O_CREAT|O_APPEND open and creates nothing", () => {
    const existing = join(dir, "existing.log");
    writeFileSync(existing, "kept\n");
    expect(host.appendOpen(existing)).toEqual({ outcome: "opens" });
    expect(readFileSync(existing, "utf8")).toBe("kept\n");
    expect(host.appendOpen(join(dir, "new.log"))).toEqual({ outcome: "creates" });
    expect(existsSync(join(dir, "new.log"))).toBe(false);
    expect(host.appendOpen(join(dir, "no-dir", "x.log"))).toMatchObject({ outcome: "fails", cause: "noDir", code: "ENOENT", at: join(dir, "no-dir") });
    expect(host.appendOpen(join(existing, "x.log"))).toMatchObject({ outcome: "fails", cause: "noDir", code: "ENOTDIR" });
    expect(host.appendOpen(dir)).toMatchObject({ outcome: "fails", cause: "isDir" });
    expect(host.appendOpen(join(dir, "loop"))).toMatchObject({ outcome: "fails", cause: "lookup", code: "ELOOP" });
    expect(host.appendOpen("/dev/null")).toEqual({ outcome: "opens" });
  });

  it("finds a FIFO nobody reads, as vsftpd's non-blocking open does", async () => {
    const fifo = join(dir, "log.fifo");
    await execa("mkfifo", [fifo]);
    expect(host.appendOpen(fifo)).toEqual({ outcome: "fails", code: "ENXIO", cause: "open", at: fifo, fileType: "fifo" });
  });

  it("knows file systems that never create files", () => {
    expect(host.appendOpen("/proc/ftpctl-no-such.log")).toMatchObject({ outcome: "fails", cause: "noCreate", fsType: "proc" });
    expect(host.appendOpen("/dev/pts/ftpctl-no-such.log")).toMatchObject({ outcome: "fails", cause: "noCreate", fsType: "devpts" });
    expect(existsSync("/dev/pts/ftpctl-no-such.log")).toBe(false);
  });
});
