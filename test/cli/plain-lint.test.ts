/**
 * `ftpctl lint FILE...` with only names after the command skips the yargs
 * parser (src/commands/lint/command.ts, plainLintArgs). Its result must be
 * yargs' own: each case runs both ways in process, the plain form and the
 * same files behind `--format text` (the default, which sends the line
 * through yargs), and compares stdout, stderr and the exit code exactly.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { plainLintArgs } from "../../src/commands/lint/command.js";
import { ftpctl } from "./ftpctl.js";

const EXAMPLES = join(import.meta.dirname, "../../examples");

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(argv, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

describe("plain `ftpctl lint FILE...`", () => {
  let dir: string;
  const cwd = process.cwd();

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "ftpctl-plain-lint-"));
    cpSync(join(EXAMPLES, "debian-default.conf"), join(dir, "debian.conf"));
    cpSync(join(EXAMPLES, "seed-anonymous-only.conf"), join(dir, "007"));
    cpSync(join(EXAMPLES, "anonymous-readonly.conf"), join(dir, "a b.conf"));
    writeFileSync(join(dir, "refused.conf"), "listen = YES\n");
    mkdirSync(join(dir, "project"));
    cpSync(join(EXAMPLES, "debian-default.conf"), join(dir, "project/vsftpd.conf"));
    writeFileSync(join(dir, "project/.ftpctl-lint.yaml"), "ignore: [VSF703]\n");
    process.chdir(dir);
  });
  afterAll(() => {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    [["debian.conf"]],
    [["007"]],
    [["a b.conf"]],
    [["refused.conf"]],
    [["debian.conf", "refused.conf", "007"]],
    [["project/vsftpd.conf"]],
    [["missing.conf"]],
    [["project"]],
    [["lint"]],
  ])("lint %j gives what the same line through yargs gives", async (files) => {
    expect(plainLintArgs(["lint", ...files])).toBeDefined();
    const plain = await run(["lint", ...files]);
    const parsed = await run(["lint", "--format", "text", ...files]);
    expect(plain).toEqual(parsed);
  });

  it("is only the form with names alone: any flag, '-', '--', the word help (yargs shows the help for it) or no file goes through yargs", async () => {
    expect((await run(["lint", "help"])).out).toMatch(/^ftpctl lint \[files\.\.\]/);
    for (const argv of [["lint"], ["lint", "-"], ["lint", "--", "a.conf"], ["lint", "a.conf", "--host"], ["lint", "-q", "a.conf"], ["lint", ""], ["render", "a.yaml"], ["lint", "a.conf", "--help"], ["lint", "help"], ["lint", "a.conf", "help"]]) {
      expect(plainLintArgs(argv), JSON.stringify(argv)).toBeUndefined();
    }
  });

  it("the built CLI takes the same path", async () => {
    const files = [join(dir, "debian.conf"), join(dir, "refused.conf")];
    const plain = await ftpctl(["lint", ...files]);
    const parsed = await ftpctl(["lint", "--format", "text", ...files]);
    expect([plain.exitCode, plain.stdout, plain.stderr]).toEqual([parsed.exitCode, parsed.stdout, parsed.stderr]);
  });
});
