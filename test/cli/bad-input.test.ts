import { chmodSync, closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { requireTool } from "../helpers/require-tool.js";
import { ftpctl } from "./ftpctl.js";

const dir = mkdtempSync(join(tmpdir(), "ftpctl-bad-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// Readable by the unprivileged user the permission test runs as.
chmodSync(dir, 0o755);
function conf(name: string, content: string | Uint8Array, mode = 0o644): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  chmodSync(p, mode);
  return p;
}

const good = conf("good.conf", "listen=maybe\n");
const huge = join(dir, "huge.conf");
const fd = openSync(huge, "w");
ftruncateSync(fd, 9 * 1024 * 1024);
closeSync(fd);
const adir = join(dir, "conf.d");
mkdirSync(adir);

const CASES: readonly (readonly [string, string, RegExp])[] = [
  ["a missing file", join(dir, "missing.conf"), /: no such file$/],
  ["a directory", adir, /: is a directory, not a config file$/],
  ["a binary file", "/usr/sbin/vsftpd", /: binary file \(NUL byte at line \d+, column \d+\); not a vsftpd config$/],
  ["a huge file", huge, /: too large for a vsftpd config: 9437184 bytes, over the 8 MiB limit/],
  ["non-UTF-8 text", conf("latin1.conf", Buffer.from("ftpd_banner=caf\xe9\n", "latin1")), /: not UTF-8 text \(byte 0xE9 at line 1, column 16\)/],
  ["UTF-16 text", conf("utf16.conf", Buffer.from("\uFEFFlisten=YES\n", "utf16le")), /: UTF-16 text; /],
];

describe("bad input", () => {
  it.each(CASES)("%s: one line on stderr naming it, exit 2, the other file still linted", async (_name, path, reason) => {
    for (const format of ["text", "json"]) {
      const r = await ftpctl(["lint", "--distro", "debian", "--format", format, path, good]);
      expect(r.exitCode).toBe(2);
      const lines = r.stderr.split("\n").filter(Boolean);
      expect(lines).toHaveLength(1);
      expect(lines[0]!.startsWith(`ftpctl: ${path}: `)).toBe(true);
      expect(lines[0]).toMatch(reason);
      if (format === "text") expect(r.stdout).toContain(`${good}:1:8: error: 'listen' needs YES or NO`);
      else expect(JSON.parse(r.stdout).files.map((f: { file: string }) => f.file)).toEqual([good]);
    }
  });

  it("prints no summary that could pass for a clean run when nothing could be read", async () => {
    const r = await ftpctl(["lint", "--distro", "debian", adir]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
  });

  it("also under --fix", async () => {
    const r = await ftpctl(["lint", "--distro", "debian", "--fix", huge, good]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^ftpctl: ${huge}: too large`));
    expect(r.stdout).toContain(`${good}: nothing to fix\n`);
  });

  // Root reads everything, so the permission case runs the CLI as nobody.
  it("an unreadable file (run as nobody)", async (ctx) => {
    requireTool(ctx, "root");
    const secret = conf("secret.conf", "listen=YES\n", 0o600);
    const r = await ftpctl(["lint", "--distro", "debian", secret, good], { uid: 65534, gid: 65534, cwd: dir });
    expect(r.stderr).toBe(`ftpctl: ${secret}: permission denied\n`);
    expect(r.stdout).toContain(`${good}:1:8: error: `);
    expect(r.exitCode).toBe(2);
  });
});
