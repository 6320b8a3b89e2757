import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ftpctl } from "./ftpctl.js";

const dir = mkdtempSync(join(tmpdir(), "ftpctl-exit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function conf(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const clean = conf("clean.conf", "listen=YES\nanonymous_enable=NO\nlocal_enable=YES\n");
const broken = conf("broken.conf", "listen=maybe\n");
// Two of the same kind of warning, whichever warning rules exist: the test reads the count from the JSON output.
const warned = conf("warned.conf", "listen=YES\nlocal_umask=22\nanon_umask=22\n");

async function warnings(file: string): Promise<number> {
  const r = await ftpctl(["lint", "--distro", "debian", "--format", "json", file]);
  return JSON.parse(r.stdout).summary.warnings;
}

describe("exit codes", () => {
  it("0 when there are no errors", async () => {
    const r = await ftpctl(["lint", "--distro", "debian", clean]);
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
  });

  it("1 when there are errors", async () => {
    const r = await ftpctl(["lint", "--distro", "debian", broken]);
    expect(r.stdout).toContain(`${broken}:1:8: error: `);
    expect(r.exitCode).toBe(1);
  });

  it("1 only when warnings exceed --max-warnings", async () => {
    const w = await warnings(warned);
    expect(w, "the warning rules this test leans on (VSF601) exist").toBeGreaterThan(0);
    const at = async (max: number) => (await ftpctl(["lint", "--distro", "debian", "--max-warnings", String(max), warned])).exitCode;
    expect(await at(w)).toBe(0);
    expect(await at(w - 1)).toBe(1);
    expect(await at(-1)).toBe(0);
    expect((await ftpctl(["lint", "--distro", "debian", warned])).exitCode).toBe(0);
  });

  it.each([
    ["an unknown flag", ["lint", "--bogus", clean], /Unknown argument: bogus/],
    ["an unknown --format", ["lint", "--format", "xml", clean], /format.*"xml"/s],
    ["a bad --distro", ["lint", "--distro", "slackware", clean], /distro.*"slackware"/s],
    ["a non-numeric --max-warnings", ["lint", "--max-warnings", "many", clean], /--max-warnings needs a whole number/],
    ["a negative --max-warnings below -1", ["lint", "--max-warnings", "-2", clean], /--max-warnings needs a whole number/],
    ["an unknown command", ["lnit", clean], /Did you mean lint\?|Unknown/],
    ["no command", [], /command/i],
  ])("2 for %s, with a message and no stack trace", async (_name, args, message) => {
    const r = await ftpctl(args as string[]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).not.toContain("checked");
  });

  it("2 for an unreadable file even when another file has errors", async () => {
    const r = await ftpctl(["lint", "--distro", "debian", join(dir, "missing.conf"), broken]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toContain(`${broken}:1:8: error: `);
  });

  it("the same for every output format", async () => {
    for (const format of ["text", "json", "sarif", "github"]) {
      expect((await ftpctl(["lint", "--distro", "debian", "--format", format, clean])).exitCode, format).toBe(0);
      expect((await ftpctl(["lint", "--distro", "debian", "--format", format, broken])).exitCode, format).toBe(1);
    }
  });

  it("lint --help shows examples", async () => {
    const r = await ftpctl(["lint", "--help"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("Examples:");
    for (const example of ["ftpctl lint /etc/vsftpd.conf", "ftpctl lint --format sarif", "ftpctl lint --fix vsftpd.conf"]) {
      expect(r.stdout).toContain(example);
    }
  });

  it("--help lists lint and the exit codes", async () => {
    const r = await ftpctl(["--help"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/ftpctl lint +Check vsftpd\.conf files/);
    expect(r.stdout).toMatch(/Exit codes: 0 .*1 .*2 /s);
    // lint reads its files itself (yargs would drop a lone "-"), so its own help names them.
    const lint = await ftpctl(["lint", "--help"]);
    expect(lint.stdout).toMatch(/^ftpctl lint \[files\.\.\]\n/);
    expect(lint.stdout).toContain("'-' reads standard input");
  });
});
