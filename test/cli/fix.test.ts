import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { RULES } from "../../src/lint/rules/index.js";
import { requireTool } from "../helpers/require-tool.js";
import { ftpctl } from "./ftpctl.js";

const dir = mkdtempSync(join(tmpdir(), "ftpctl-clifix-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function conf(text: string): string {
  const p = join(dir, `c${n++}.conf`);
  writeFileSync(p, text);
  return p;
}

// These run the real VSF105 (CRLF) and VSF102 (name case) fixes through the built CLI.
describe("lint --fix", () => {
  it("has the fixable rules it runs", () => {
    for (const code of ["VSF102", "VSF105"]) expect(RULES.some((r) => r.code === code && r.fixable), code).toBe(true);
  });

  it("writes the fix, prints an honest diff, keeps a backup, and exits as lint would on the result", async (ctx) => {
    requireTool(ctx, "root"); // gives the file another group
    const original = "listen=YES\r\nAnonymous_enable=NO\r\nlocal_enable=YES\r\n";
    const f = conf(original);
    chmodSync(f, 0o600);
    chownSync(f, 0, 65534);
    const r = await ftpctl(["lint", "--distro", "debian", "--fix", f]);
    expect(r.stderr).toBe("");
    expect(readFileSync(f, "utf8")).toBe("listen=YES\nanonymous_enable=NO\nlocal_enable=YES\n");
    expect(readFileSync(`${f}.bak`, "utf8")).toBe(original);
    expect([statSync(f).mode & 0o777, statSync(f).uid, statSync(f).gid]).toEqual([0o600, 0, 65534]);
    expect(r.stdout).toContain(
      [
        `--- ${f}\toriginal`,
        `+++ ${f}\tfixed`,
        "@@ -1,3 +1,3 @@",
        "-listen=YES\\r",
        "-Anonymous_enable=NO\\r",
        "-local_enable=YES\\r",
        "+listen=YES",
        "+anonymous_enable=NO",
        "+local_enable=YES",
        "(\\r is a carriage return)",
        `${f}: fixed 3 lines; original kept as ${f}.bak`,
        "",
      ].join("\n"),
    );
    const after = await ftpctl(["lint", "--distro", "debian", f]);
    expect(r.exitCode).toBe(after.exitCode);
    expect(r.stdout.endsWith(after.stdout)).toBe(true);
  });

  it("says so when there is nothing to fix, and exits as lint", async () => {
    const f = conf("listen=maybe\n");
    const r = await ftpctl(["lint", "--distro", "debian", "--fix", f]);
    expect(r.stdout.startsWith(`${f}: nothing to fix\n`)).toBe(true);
    expect(r.exitCode).toBe(1);
    expect(existsSync(`${f}.bak`)).toBe(false);
  });

  it("leaves a file alone when a line would still stop vsftpd, shows the diff, names the line, exits 1", async () => {
    const original = "listen=YES\r\nlisten_adress=127.0.0.1\r\n";
    const f = conf(original);
    const r = await ftpctl(["lint", "--distro", "debian", "--fix", f]);
    expect(r.exitCode).toBe(1);
    expect(readFileSync(f, "utf8")).toBe(original);
    expect(existsSync(`${f}.bak`)).toBe(false);
    expect(r.stderr).toBe(
      `ftpctl: ${f}: not written: line 2 would still stop vsftpd (500 OOPS: unrecognised variable in config file: listen_adress); fix that line by hand, then run --fix again\n`,
    );
    expect(r.stdout).toContain(`+++ ${f}\tfixed, not written\n`);
    expect(r.stdout).toContain("-listen=YES\\r\n");
    expect(r.stdout).toContain(`${f}:2:1: error: unknown option 'listen_adress'`);
  });

  it("keeps stdout machine-readable with --format json: the diff goes to stderr", async () => {
    const f = conf("listen=YES\r\n");
    const r = await ftpctl(["lint", "--distro", "debian", "--fix", "--format", "json", f]);
    const doc = JSON.parse(r.stdout);
    expect(doc.files[0].file).toBe(f);
    expect(doc.files[0].findings.filter((x: { fixable: boolean }) => x.fixable)).toEqual([]);
    expect(r.stderr).toContain("-listen=YES\\r\n+listen=YES\n");
    expect(readFileSync(f, "utf8")).toBe("listen=YES\n");
  });

  it("fixes the files it can read and still exits 2 for the one it cannot", async () => {
    const f = conf("Listen=YES\n");
    const r = await ftpctl(["lint", "--distro", "debian", "--fix", join(dir, "missing.conf"), f]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(`ftpctl: ${join(dir, "missing.conf")}: no such file\n`);
    expect(readFileSync(f, "utf8")).toBe("listen=YES\n");
  });
});
