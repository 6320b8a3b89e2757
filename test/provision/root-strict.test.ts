/**
 * Safe as root in a staging tree someone else can change. Node has no
 * openat, so between resolving a path inside --root and writing it, whoever
 * owns a directory on the way could swap it for a link (a reviewer had root
 * write /tmp/victim/vsftpd.conf that way, with a rename loop as uid 65534).
 * The jail closes that by policy, as sshd's StrictModes does: as root, the
 * tree, its ancestors and every directory walked through must be root's and
 * not writable by others unless sticky. Also here: the other ways a staging
 * tree or its surroundings could turn apply against its operator (a FIFO at
 * the config path, pseudo file systems as --root, an unusable or hijacked
 * lock directory, a half-made directory left behind) and plan's
 * --detailed-exitcode on argument errors.
 */
import { spawn } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ftpctl } from "../cli/ftpctl.js";
import { fsReason } from "../../src/provision/local-executor.js";
import { describeWithTools } from "../helpers/require-tool.js";
import { snapshotTree } from "./helpers.js";

const NOBODY = 65534;
const PROFILE = ["anonymous:", "  enabled: true", "  root: /srv/ftp", ""].join("\n");

/** One line on stderr, no stack frame. */
function oneLine(stderr: string): void {
  expect(stderr.split("\n").filter(Boolean), stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
}

function stagingEtc(root: string): void {
  mkdirSync(join(root, "etc"), { recursive: true });
  writeFileSync(join(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/bash\nftp:x:2101:2101::/srv/ftp:/usr/sbin/nologin\n");
  writeFileSync(join(root, "etc/group"), "root:x:0:\nftp:x:2101:\n");
}

describe("plan --detailed-exitcode", () => {
  it("exits 1, not 2 ('changes pending'), for an argument yargs refuses; without the flag it is the usual 2", async () => {
    const detailed = await ftpctl(["plan", "x.yaml", "--detailed-exitcode", "--no-such-flag"]);
    expect([detailed.exitCode, detailed.stderr]).toEqual([1, expect.stringContaining("Unknown argument")]);
    const spelt = await ftpctl(["plan", "--detailed-exitcode=true", "x.yaml", "--root"]);
    expect(spelt.exitCode).toBe(1);
    const plain = await ftpctl(["plan", "x.yaml", "--no-such-flag"]);
    expect(plain.exitCode).toBe(2);
  });
});

describe("errors met on the walk", () => {
  const nodeError = (code: string, syscall: string, path: string) => Object.assign(new Error(`${code}: some words, ${syscall} '${path}'`), { code, syscall, path });
  it.each([
    // What the reviewer saw when a link was swapped back for a directory between lstat and readlink.
    [nodeError("EINVAL", "readlink", "/tmp/stage/etc"), "an entry changed while the path was being resolved (not a symbolic link any more)"],
    [nodeError("EIO", "lstat", "/tmp/stage/etc"), "input/output error"],
    [nodeError("ENAMETOOLONG", "lstat", "/x"), "file name too long"],
    [nodeError("ESTRANGE", "lstat", "/x"), "some words"],
  ])("%s is said in the errno wording, without Node's raw text", (err, want) => {
    expect(fsReason(err)).toBe(want);
  });
});

describe("--root on a pseudo file system", () => {
  it.each(["/proc", "/dev", "/sys", "/proc/self", "/dev/pts"])("--root %s is a usage error, exit 2, one line", async (root) => {
    for (const cmd of [["plan"], ["apply", "--yes"]]) {
      const r = await ftpctl([...cmd, "x.yaml", "--root", root, "--distro", "debian"]);
      expect([cmd[0], r.exitCode]).toEqual([cmd[0], 2]);
      oneLine(r.stderr);
      expect(r.stderr).toMatch(/not a staging tree/);
    }
  });
});

describe("a FIFO or device where a file is to be written", () => {
  let dir = "";
  beforeAll(() => {
    dir = realpathSync(mkdtempSync("/tmp/ftpctl-fifo-target-"));
    writeFileSync(join(dir, "p.yaml"), PROFILE);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("plan refuses it in the words every writer uses: one line, exit 2, and never opens it", async () => {
    const root = join(dir, "stage");
    stagingEtc(root);
    execFileSync("mkfifo", [join(root, "etc/vsftpd.conf")]);
    const r = await ftpctl(["plan", join(dir, "p.yaml"), "--root", root, "--distro", "debian"], { timeout: 10_000 });
    expect(r.exitCode, r.stderr).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toBe("ftpctl: /etc/vsftpd.conf: is a named pipe (FIFO); refusing to replace it\n");
  });
});

describeWithTools("as root, a staging tree someone else can change is refused", ["root", "locks"], () => {
  let dir = "";
  let profile = "";
  let victim = "";
  beforeAll(() => {
    dir = realpathSync(mkdtempSync("/tmp/ftpctl-strict-"));
    chmodSync(dir, 0o755);
    profile = join(dir, "p.yaml");
    writeFileSync(profile, PROFILE);
    victim = join(dir, "victim");
    mkdirSync(victim);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("a --root owned by another user: exit 2, one line naming it, nothing written (the renaming race needs this)", async () => {
    const root = join(dir, "theirs");
    stagingEtc(root);
    execFileSync("chown", ["-R", `${NOBODY}:${NOBODY}`, root]);
    const tree = snapshotTree(root);
    for (const cmd of [["plan"], ["apply", "--yes"]]) {
      const r = await ftpctl([...cmd, profile, "--root", root, "--distro", "debian", "--only", "config"]);
      expect([cmd[0], r.exitCode]).toEqual([cmd[0], 2]);
      oneLine(r.stderr);
      expect(r.stderr).toBe(`ftpctl: --root ${root}: refusing to work through ${root} belongs to uid ${NOBODY}, who could swap its entries for links while ftpctl works as root\n`);
    }
    expect(snapshotTree(root)).toEqual(tree);
  });

  it("an ancestor others can write to (not sticky): exit 2, naming the ancestor; a sticky one like /tmp is fine", async () => {
    const open = join(dir, "open");
    const root = join(open, "stage");
    stagingEtc(root);
    chmodSync(open, 0o777);
    const r = await ftpctl(["plan", profile, "--root", root, "--distro", "debian", "--only", "config"]);
    expect(r.exitCode).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toContain(`refusing to work through ${open} can be written by others (mode 0777)`);
    chmodSync(open, 0o1777);
    const sticky = await ftpctl(["plan", profile, "--root", root, "--distro", "debian", "--only", "config"]);
    expect(sticky.exitCode, sticky.stderr).toBe(0);
  });

  it("apply with a FIFO at the config path: one line, exit 2, nothing changed, the FIFO still there", async () => {
    const root = join(dir, "fifo");
    stagingEtc(root);
    execFileSync("mkfifo", [join(root, "etc/vsftpd.conf")]);
    // Not snapshotTree: it would read the FIFO and block.
    const r = await ftpctl(["apply", profile, "--root", root, "--yes", "--distro", "debian"], { timeout: 10_000 });
    expect([r.exitCode, r.stderr]).toEqual([2, "ftpctl: /etc/vsftpd.conf: is a named pipe (FIFO); refusing to replace it\n"]);
    expect(readdirSync(root)).toEqual(["etc"]);
    expect(readdirSync(join(root, "etc")).sort()).toEqual(["group", "passwd", "vsftpd.conf"]);
    expect(statSync(join(root, "etc/vsftpd.conf")).isFIFO()).toBe(true);
  });

  it("a directory inside the tree owned by another user: a clean refusal, nothing written in it", async () => {
    const root = join(dir, "inner");
    stagingEtc(root);
    chmodSync(root, 0o755);
    chownSync(join(root, "etc"), NOBODY, NOBODY);
    const r = await ftpctl(["apply", profile, "--root", root, "--yes", "--distro", "debian", "--only", "config"]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`refusing to work through ${root}/etc belongs to uid ${NOBODY}`);
    expect(r.stderr).not.toMatch(/^\s+at |EINVAL|readlink/m);
    expect(readdirSync(join(root, "etc")).sort()).toEqual(["group", "passwd"]);
  });

  it("the reviewer's race: uid 65534 swaps STAGE/etc with a link to a victim directory while root applies; the victim is never written", async () => {
    const root = join(dir, "race");
    stagingEtc(root);
    execFileSync("chown", ["-R", `${NOBODY}:${NOBODY}`, root]);
    chownSync(victim, NOBODY, NOBODY);
    // Not atomic like renameat2's exchange, but the same window: etc is a directory when looked at, a link when written.
    const swapper = [
      "const fs = require('fs');",
      `const root = ${JSON.stringify(root)}, victim = ${JSON.stringify(victim)};`,
      "try { fs.symlinkSync(victim, root + '/etc-link'); } catch {}",
      "for (;;) { try { fs.renameSync(root + '/etc', root + '/etc-real'); fs.renameSync(root + '/etc-link', root + '/etc'); fs.renameSync(root + '/etc', root + '/etc-link'); fs.renameSync(root + '/etc-real', root + '/etc'); } catch {} }",
    ].join("\n");
    const child = spawn(process.execPath, ["-e", swapper], { uid: NOBODY, gid: NOBODY, stdio: "ignore" });
    try {
      for (let i = 0; i < 8; i++) {
        const r = await ftpctl(["apply", profile, "--root", root, "--yes", "--distro", "debian", "--only", "config"]);
        expect(r.exitCode).toBe(2);
        oneLine(r.stderr);
        expect(r.stderr).not.toMatch(/EINVAL|readlink/);
      }
    } finally {
      child.kill("SIGKILL");
    }
    expect(readdirSync(victim)).toEqual([]);
  });
});

describeWithTools("apply as an unprivileged user", ["root"], () => {
  let dir = "";
  let profile = "";
  /** A temporary directory for the user's lock, so nothing lands in the host's /tmp. */
  let tmp = "";
  beforeAll(() => {
    dir = realpathSync(mkdtempSync("/tmp/ftpctl-nobody-"));
    chmodSync(dir, 0o755);
    profile = join(dir, "p.yaml");
    writeFileSync(profile, PROFILE);
    tmp = join(dir, "tmp");
    mkdirSync(tmp, { mode: 0o1777 });
    chmodSync(tmp, 0o1777);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const asNobody = (args: readonly string[], env: Record<string, string>) => ftpctl(args, { uid: NOBODY, gid: NOBODY, env: { NO_COLOR: "1", ...env } });

  it("a directory it cannot give to root is undone at once, and the message says why (chown needs root)", async () => {
    const root = join(dir, "nst");
    stagingEtc(root);
    execFileSync("chown", ["-R", `${NOBODY}:${NOBODY}`, root]);
    const tree = snapshotTree(root);
    const r = await asNobody(["apply", profile, "--root", root, "--yes", "--distro", "debian", "--only", "directories"], { TMPDIR: tmp });
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr).toContain("/srv: cannot create directory: cannot give it to owner 0:0: operation not permitted (changing an owner needs root)");
    expect(r.stderr).toContain("rolled back 0 changes");
    expect(existsSync(join(root, "srv"))).toBe(false);
    expect(snapshotTree(root)).toEqual(tree);
  });

  it.each([
    ["TMPDIR", "/nonexistent/x", "no such file"],
    ["TMPDIR", "/proc", "no such file"],
    ["TMPDIR", "/", "permission denied"],
  ])("a lock directory that cannot be made (%s=%s): one line in the errno wording, exit 2", async (name, value, reason) => {
    const root = join(dir, "stage-lock");
    stagingEtc(root);
    for (const xdg of [value, undefined]) {
      const r = await asNobody(["apply", profile, "--root", root, "--yes", "--distro", "debian", "--only", "config"], { [name]: value, ...(xdg ? { XDG_RUNTIME_DIR: xdg } : {}) });
      expect(r.exitCode, r.stderr).toBe(2);
      oneLine(r.stderr);
      expect(r.stderr).toMatch(new RegExp(`^ftpctl: cannot create the lock directory .*: ${reason}\\n$`));
    }
  });

  it("another user cannot block it by creating its lock directory first, nor steer it with XDG_RUNTIME_DIR", async () => {
    const root = join(dir, "stage-block");
    stagingEtc(root);
    execFileSync("chown", ["-R", `${NOBODY}:${NOBODY}`, root]);
    const shared = join(dir, "shared-tmp");
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    // Planted by someone else (root plays them): the name the user's lock directory would have.
    mkdirSync(join(shared, `ftpctl-${NOBODY}`), { mode: 0o777 });
    const r = await asNobody(["apply", profile, "--root", root, "--yes", "--distro", "debian", "--only", "config"], { TMPDIR: shared, XDG_RUNTIME_DIR: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(statSync(join(shared, `ftpctl-${NOBODY}.1`)).uid).toBe(NOBODY);
    expect(readdirSync(join(shared, `ftpctl-${NOBODY}.1`))).toEqual([]);
    expect(existsSync(join(dir, "ftpctl"))).toBe(false);
  });
});
