/**
 * The one writer (src/core/atomic-write.ts) as the commands use it: a
 * read-only file system, a full disk and a directory the user may not write
 * give one line naming the path and the reason, exit 2, the original intact
 * and no temporary file left; modes are as --help says; every command keeps
 * the replaced file as <file>.bak; `-o -` is standard output.
 *
 * The file-system cases mount a tmpfs in a private mount namespace
 * (unshare -m), so the host's mounts are never touched; the permission case
 * runs the CLI as nobody.
 */
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, ftpctl } from "../cli/ftpctl.js";
import { describeWithTools } from "../helpers/require-tool.js";

const dir = mkdtempSync(join(tmpdir(), "ftpctl-writer-"));
chmodSync(dir, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const profile = join(dir, "p.yaml");
writeFileSync(profile, "extends: [anonymous]\n", { mode: 0o644 });
let n = 0;
function fresh(): string {
  const d = join(dir, `case-${++n}`);
  mkdirSync(d);
  chmodSync(d, 0o755);
  return d;
}
const mode = (p: string) => (statSync(p).mode & 0o7777).toString(8).padStart(4, "0");

/**
 * Runs `ftpctl render PROFILE -o MNT/vsftpd.conf` with MNT a fresh tmpfs in
 * a private mount namespace, prepared by `prepare` (a fixed shell script, its
 * arguments passed as argv). Returns the CLI's exit code and stderr, and what
 * the tmpfs held afterwards.
 */
async function inTmpfs(size: string, prepare: string) {
  const mnt = fresh();
  const script = [
    'set -u; mnt=$1; size=$2; shift 2',
    'mount -t tmpfs -o "size=$size,mode=0755" tmpfs "$mnt"',
    'printf "original\\n" > "$mnt/vsftpd.conf"',
    prepare,
    '"$@"; echo "rc=$?"',
    'ls -A "$mnt"; echo "--"; cat "$mnt/vsftpd.conf"',
  ].join("\n");
  const r = await execa("/usr/bin/unshare", ["-m", "--propagation", "private", "--", "/bin/sh", "-c", script, "sh", mnt, size, process.execPath, BIN, "render", profile, "-o", join(mnt, "vsftpd.conf")], {
    reject: false,
    stripFinalNewline: false,
    timeout: 30_000,
    env: { NO_COLOR: "1", PATH: "/usr/sbin:/usr/bin:/sbin:/bin" },
    extendEnv: false,
  });
  const out = String(r.stdout);
  const rc = Number(/^rc=(\d+)$/m.exec(out)?.[1] ?? -1);
  const [listing, content] = out.slice(out.indexOf("\n", out.indexOf("rc=")) + 1).split("--\n");
  return { mnt, rc, stderr: String(r.stderr), files: listing!.split("\n").filter(Boolean).sort(), content: content! };
}

describeWithTools("writes that fail leave everything as it was", ["root", "/usr/bin/unshare", "/usr/bin/setpriv"], () => {
  it("a read-only file system: one line, exit 2, original intact, no temporary file", async () => {
    const r = await inTmpfs("64k", 'mount -o remount,ro "$mnt"');
    expect(r.stderr).toBe(`ftpctl: ${r.mnt}/vsftpd.conf: cannot write: read-only file system\n`);
    expect(r.rc).toBe(2);
    expect(r.files).toEqual(["vsftpd.conf"]);
    expect(r.content).toBe("original\n");
  });

  it("a full disk: one line, exit 2, original intact, the temporary file removed", async () => {
    // Fill every block; creating the temporary file still works, writing to it does not.
    const r = await inTmpfs("16k", 'dd if=/dev/zero of="$mnt/fill" bs=1k count=64 2>/dev/null; true');
    expect(r.stderr).toBe(`ftpctl: ${r.mnt}/vsftpd.conf: cannot write: no space left on device\n`);
    expect(r.rc).toBe(2);
    expect(r.files).toEqual(["fill", "vsftpd.conf"]);
    expect(r.content).toBe("original\n");
  });

  it("a directory the user cannot write (as nobody): one line, exit 2, original intact", async () => {
    const d = fresh();
    const target = join(d, "vsftpd.conf");
    writeFileSync(target, "original\n", { mode: 0o644 });
    const r = await ftpctl(["render", profile, "-o", target], { uid: 65534, gid: 65534, cwd: dir });
    expect(r.stderr).toBe(`ftpctl: ${target}: cannot write: permission denied\n`);
    expect(r.exitCode).toBe(2);
    expect(readdirSync(d)).toEqual(["vsftpd.conf"]);
    expect(readFileSync(target, "utf8")).toBe("original\n");
  });

  it("a link owned by someone else is not followed (as the kernel's protected_symlinks)", async () => {
    const d = fresh();
    chmodSync(d, 0o1777);
    writeFileSync(join(d, "victim"), "root's file\n");
    symlinkSync("victim", join(d, "out.conf"));
    await execa("chown", ["-h", "65534:65534", join(d, "out.conf")]);
    const r = await ftpctl(["render", profile, "-o", join(d, "out.conf")]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/out\.conf is a symbolic link owned by uid 65534; ftpctl follows only links owned by root or by you\n$/);
    expect(readFileSync(join(d, "victim"), "utf8")).toBe("root's file\n");
  });
});

describe("modes, links and backups", () => {
  it("render -o: a new file is 0644; a replaced file keeps its mode and owner, and so does its .bak", async () => {
    const d = fresh();
    const out = join(d, "vsftpd.conf");
    expect((await ftpctl(["render", profile, "-o", out])).exitCode).toBe(0);
    expect(mode(out)).toBe("0644");
    chmodSync(out, 0o600);
    if (process.getuid?.() === 0) chownSync(out, 1234, 1234);
    writeFileSync(out, "hand-edited\n");
    const r = await ftpctl(["render", profile, "-o", out]);
    expect(r.stderr).toBe(`wrote ${out} (previous version kept as ${out}.bak)\n`);
    expect(mode(out)).toBe("0600");
    expect(mode(`${out}.bak`)).toBe("0600");
    if (process.getuid?.() === 0) expect([statSync(out).uid, statSync(`${out}.bak`).uid]).toEqual([1234, 1234]);
    expect(readFileSync(`${out}.bak`, "utf8")).toBe("hand-edited\n");
  });

  it("render -o through a link to a regular file: the link stays, its target is replaced", async () => {
    const d = fresh();
    writeFileSync(join(d, "real.conf"), "old\n");
    symlinkSync("real.conf", join(d, "vsftpd.conf"));
    const r = await ftpctl(["render", profile, "-o", join(d, "vsftpd.conf")]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readdirSync(d).sort()).toEqual(["real.conf", "real.conf.bak", "vsftpd.conf"]);
    expect(readFileSync(join(d, "real.conf"), "utf8")).toMatch(/^# vsftpd\.conf rendered by ftpctl/);
    expect(readFileSync(join(d, "real.conf.bak"), "utf8")).toBe("old\n");
  });

  it("render -o - is standard output, as for init", async () => {
    const d = fresh();
    const r = await ftpctl(["render", profile, "-o", "-"], { cwd: d });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^# vsftpd\.conf rendered by ftpctl/);
    expect(readdirSync(d)).toEqual([]);
  });

  it("every command keeps the replaced file as <file>.bak", async () => {
    const d = fresh();
    const run = async (args: string[]) => expect((await ftpctl(args, { cwd: d })).exitCode).toBe(0);
    const conf = join(d, "vsftpd.conf");
    writeFileSync(conf, "Listen=YES\n");
    await run(["lint", "--fix", "--distro", "debian", conf]);
    await run(["render", profile, "-o", join(d, "r.conf")]);
    await run(["render", profile, "-o", join(d, "r.conf")]);
    await run(["init", "-o", join(d, "i.yaml")]);
    await run(["init", "-o", join(d, "i.yaml"), "--force"]);
    await run(["import", "--distro", "debian", join(d, "r.conf"), "-o", join(d, "m.yaml")]);
    await run(["import", "--distro", "debian", join(d, "r.conf"), "-o", join(d, "m.yaml"), "--force"]);
    await run(["cert", "generate", "--cn", "localhost", "--key-type", "ec", "--cert", join(d, "c.pem"), "--key", join(d, "k.pem")]);
    await run(["cert", "generate", "--cn", "localhost", "--key-type", "ec", "--cert", join(d, "c.pem"), "--key", join(d, "k.pem"), "--force"]);
    const names = readdirSync(d).sort();
    expect(names).toEqual(["c.pem", "c.pem.bak", "i.yaml", "i.yaml.bak", "k.pem", "k.pem.bak", "m.yaml", "m.yaml.bak", "r.conf", "r.conf.bak", "vsftpd.conf", "vsftpd.conf.bak"]);
    expect(mode(join(d, "k.pem.bak"))).toBe("0600");
  });
});

describe("lint - reads standard input", () => {
  it("lints standard input, named by --stdin-filename", async () => {
    const r = await ftpctl(["lint", "--distro", "debian", "--stdin-filename", "site.conf", "-"], { input: "listen=maybe\n" });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain("site.conf:1:8: error: ");
    expect(r.stdout).not.toContain("/etc/vsftpd.conf");
  });

  it("calls it <stdin> without a name, and lints it beside named files", async () => {
    const f = join(fresh(), "a.conf");
    writeFileSync(f, "listen=YES\n");
    const r = await ftpctl(["lint", "--distro", "debian", "--format", "json", f, "-"], { input: "listen=maybe\n" });
    expect(JSON.parse(r.stdout).files.map((x: { file: string }) => x.file)).toEqual([f, "<stdin>"]);
  });

  it("--fix-dry-run shows the fixes for standard input; --fix refuses it", async () => {
    const dry = await ftpctl(["lint", "--distro", "debian", "--fix-dry-run", "--stdin-filename", "site.conf", "-"], { input: "Listen=YES\n" });
    expect(dry.stdout).toContain("+listen=YES");
    const fix = await ftpctl(["lint", "--distro", "debian", "--fix", "-"], { input: "Listen=YES\n" });
    expect(fix.exitCode).toBe(2);
  });

  it("a file named 007 stays a file name", async () => {
    const d = fresh();
    writeFileSync(join(d, "007"), "listen=maybe\n");
    const r = await ftpctl(["lint", "--distro", "debian", "007"], { cwd: d });
    expect(r.stdout).toContain("007:1:8: error: ");
  });
});

describe("cert generate: one file under two names", () => {
  const gen = ["cert", "generate", "--cn", "localhost", "--key-type", "ec"];

  it("refuses a key that is the certificate through a symbolic link", async () => {
    const d = fresh();
    writeFileSync(join(d, "c.pem"), "old\n");
    symlinkSync("c.pem", join(d, "k.pem"));
    const r = await ftpctl([...gen, "--force", "--cert", join(d, "c.pem"), "--key", join(d, "k.pem")]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/k\.pem and .*c\.pem are the same file/);
    expect(readFileSync(join(d, "c.pem"), "utf8")).toBe("old\n");
  });

  it("refuses two names through a linked directory for a file that does not exist yet", async () => {
    const d = fresh();
    symlinkSync(".", join(d, "same"));
    const r = await ftpctl([...gen, "--cert", join(d, "c.pem"), "--key", join(d, "same", "c.pem")]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/are the same file/);
    expect(readdirSync(d)).toEqual(["same"]);
  });

  it("./x and x are one path: one file holding key and certificate, 0600, that matches", async () => {
    const d = fresh();
    const r = await ftpctl([...gen, "--cert", "both.pem", "--key", "./both.pem"], { cwd: d });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(mode(join(d, "both.pem"))).toBe("0600");
    const i = await ftpctl(["cert", "inspect", join(d, "both.pem")]);
    expect(i.stdout).toMatch(/\(in the same file\): matches/);
  });

  it("a crash between the two renames (new key, old certificate) is reported by cert inspect", async () => {
    const d = fresh();
    const [c, k] = [join(d, "c.pem"), join(d, "k.pem")];
    expect((await ftpctl([...gen, "--cert", c, "--key", k])).exitCode).toBe(0);
    expect((await ftpctl([...gen, "--force", "--cert", c, "--key", k])).exitCode).toBe(0);
    // The old certificate (kept as .bak) beside the new key: the pair a crash could leave.
    const r = await ftpctl(["cert", "inspect", `${c}.bak`, "--key", k]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain("does NOT match");
    expect(existsSync(`${k}.bak`)).toBe(true);
  });
});
