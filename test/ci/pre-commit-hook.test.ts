/**
 * The `ftpctl-lint` hook of .pre-commit-hooks.yaml, run by Debian's
 * pre-commit as a user would try it: `pre-commit try-repo <this repository>
 * ftpctl-lint --all-files` in a git repository holding a vsftpd.conf. The
 * hook is `language: system`, so `ftpctl` is this checkout's bin/ftpctl.js,
 * put first on PATH. HOME and PRE_COMMIT_HOME are temporary, so pre-commit's
 * clone of the hook repository and its cache leave the machine alone. The
 * .pre-commit-config.yaml shown in docs/ci.md runs too, pointed at that clone.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { parseDocument } from "yaml";
import { afterAll, beforeAll, expect, it } from "vitest";
import { BIN, REPO } from "../cli/ftpctl.js";
import { describeWithTools } from "../helpers/require-tool.js";

const PRE_COMMIT = "/usr/bin/pre-commit";
const GIT = "/usr/bin/git";

describeWithTools("pre-commit try-repo ftpctl-lint", [PRE_COMMIT, GIT], () => {
  let dir = "";
  let hookRepo = "";
  let env: Record<string, string> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "ftpctl-pre-commit-"));
    const bin = join(dir, "bin");
    mkdirSync(bin);
    symlinkSync(BIN, join(bin, "ftpctl"));
    mkdirSync(join(dir, "home"));
    env = {
      HOME: join(dir, "home"),
      PRE_COMMIT_HOME: join(dir, "cache"),
      PATH: [bin, dirname(process.execPath), "/usr/bin", "/bin"].join(":"),
      NO_COLOR: "1",
      GIT_CONFIG_NOSYSTEM: "1",
      LANG: "C.UTF-8",
    };
    // What is committed, as a user's try-repo of a pushed branch sees it.
    hookRepo = join(dir, "hook-repo");
    await execa(GIT, ["clone", "--quiet", REPO, hookRepo], { env, extendEnv: false, timeout: 60_000 });
  }, 90_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A git repository holding `files`, all added (try-repo --all-files runs on tracked files). */
  async function project(name: string, files: Record<string, string>): Promise<string> {
    const root = join(dir, name);
    mkdirSync(root);
    await execa(GIT, ["init", "--quiet", root], { env, extendEnv: false });
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    await execa(GIT, ["add", "--all"], { cwd: root, env, extendEnv: false });
    return root;
  }

  const tryRepo = (cwd: string) =>
    execa(PRE_COMMIT, ["try-repo", hookRepo, "ftpctl-lint", "--all-files"], { cwd, env, extendEnv: false, reject: false, timeout: 60_000 });

  it("fails on a repository with a vsftpd.conf vsftpd refuses, showing the finding", async () => {
    const root = await project("bad", { "etc/vsftpd.conf": "listen=YES\nlisten_ipv6=YES\nanonymous_enable=NO\nlocal_enable=YES\n" });
    const r = await tryRepo(root);
    const out = r.stdout + r.stderr;
    expect(r.exitCode, out).not.toBe(0);
    expect(out).toMatch(/ftpctl lint\.+Failed/);
    expect(out).toContain("etc/vsftpd.conf:2:1: error:");
    expect(out).toContain("[VSF201]");
  }, 90_000);

  it("passes on a repository with a good vsftpd.conf, and ignores files the pattern does not name", async () => {
    const root = await project("good", {
      "vsftpd.conf": "listen=YES\nlisten_ipv6=NO\nanonymous_enable=YES\nlocal_enable=NO\nwrite_enable=NO\nanon_upload_enable=NO\n",
      "notes.conf": "listen=maybe\n",
    });
    const r = await tryRepo(root);
    const out = r.stdout + r.stderr;
    expect(r.exitCode, out).toBe(0);
    expect(out).toMatch(/ftpctl lint\.+Passed/);
  }, 90_000);
  it("runs as docs/ci.md configures it, with its args, from .pre-commit-config.yaml", async () => {
    const block = /^```yaml\n(repos:[\s\S]*?)^```$/m.exec(readFileSync(join(REPO, "docs/ci.md"), "utf8"))?.[1];
    expect(block, "docs/ci.md shows a .pre-commit-config.yaml").toBeDefined();
    const config = parseDocument(block!);
    const rev = (await execa(GIT, ["-C", hookRepo, "rev-parse", "HEAD"], { env, extendEnv: false })).stdout.trim();
    config.setIn(["repos", 0, "repo"], hookRepo);
    config.setIn(["repos", 0, "rev"], rev);
    expect(config.getIn(["repos", 0, "hooks", 0, "id"])).toBe("ftpctl-lint");
    const bad = "listen=YES\nlisten_ipv6=YES\nanonymous_enable=YES\nlocal_enable=NO\n";
    const root = await project("configured", { ".pre-commit-config.yaml": config.toString(), "srv/vsftpd-ftps.conf": bad });
    const r = await execa(PRE_COMMIT, ["run", "--all-files"], { cwd: root, env, extendEnv: false, reject: false, timeout: 60_000 });
    const out = r.stdout + r.stderr;
    expect(r.exitCode, out).not.toBe(0);
    expect(out).toContain("srv/vsftpd-ftps.conf:2:1: error:");
  }, 90_000);
});
