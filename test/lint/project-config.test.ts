/**
 * Per-project and per-run lint settings: .ftpctl-lint.yaml found by walking
 * up from each file, --ignore, --quiet, --severity-threshold, --no-config.
 */
import { chmodSync, chownSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { globToRegExp, parseProjectConfig } from "../../src/lint/project-config.js";
import { ftpctl } from "../cli/ftpctl.js";

describe("globToRegExp", () => {
  it.each([
    ["*.conf", "a.conf", true],
    ["*.conf", "legacy/a.conf", false],
    ["legacy/*.conf", "legacy/a.conf", true],
    ["**/*.conf", "x/y/a.conf", true],
    ["**/a.conf", "a.conf", true],
    ["a?.conf", "ab.conf", true],
    ["a.conf", "aXconf", false],
  ] as const)("%s ~ %s: %s", (glob, path, match) => {
    expect(globToRegExp(glob).test(path)).toBe(match);
  });
});

describe("parseProjectConfig refuses what it does not understand", () => {
  it.each([
    ["bogus: 1\n", "unknown key 'bogus'"],
    ["ignore: VSF606\n", "ignore takes a list of rule codes"],
    ["ignore: [vsf606]\n", "ignore takes a list of rule codes"],
    ["severity-threshold: fatal\n", "severity-threshold is info, warning or error"],
    ["max-warnings: -2\n", "max-warnings is a whole number"],
    ["distro: arch\n", "distro is one of auto, debian, rhel, upstream"],
    ["- a\n", "a lint config is a mapping"],
    ["a: &x 1\nb: *x\n", "not YAML"],
  ])("%j", (text, message) => {
    expect(() => parseProjectConfig("/p/.ftpctl-lint.yaml", text, parse)).toThrow(message);
  });
});

describe("lint with project settings", () => {
  let dir = "";
  // Two warnings in each file (VSF706 anonymous implied, VSF601 decimal umask) and no error; TLS on, so not VSF703.
  const CONF = "listen=YES\nlocal_enable=YES\nlocal_umask=22\nssl_enable=YES\nssl_tlsv1=NO\n";
  beforeAll(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), "ftpctl-lint-config-")));
    mkdirSync(join(dir, "site/legacy"), { recursive: true });
    writeFileSync(join(dir, "site/a.conf"), CONF);
    writeFileSync(join(dir, "site/legacy/b.conf"), CONF);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const lint = (args: string[], config?: string) => {
    if (config !== undefined) writeFileSync(join(dir, ".ftpctl-lint.yaml"), config, { mode: 0o644 });
    else rmSync(join(dir, ".ftpctl-lint.yaml"), { force: true });
    return ftpctl(["lint", "--format", "json", ...args, join(dir, "site/a.conf"), join(dir, "site/legacy/b.conf")]);
  };
  const codes = (stdout: string) => (JSON.parse(stdout) as { files: { findings: { code: string }[] }[] }).files.map((f) => f.findings.map((x) => x.code).sort());

  it("without settings, both warnings in both files", async () => {
    const r = await lint(["--distro", "debian"]);
    expect(codes(r.stdout)).toEqual([["VSF601", "VSF706"], ["VSF601", "VSF706"]]);
  });

  it("the config two directories up: ignore everywhere, per-file ignores by glob, its distro", async () => {
    const r = await lint([], 'ignore: [VSF706]\nper-file-ignores:\n  "site/legacy/*.conf": [VSF601]\ndistro: debian\n');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(codes(r.stdout)).toEqual([["VSF601"], []]);
  });

  it("its max-warnings decides the exit; a flag overrides it", async () => {
    expect((await lint([], "distro: debian\nmax-warnings: 1\n")).exitCode).toBe(1);
    expect((await lint(["--max-warnings", "10"], "distro: debian\nmax-warnings: 1\n")).exitCode).toBe(0);
  });

  it("--ignore (comma-separated, any case), --quiet, --severity-threshold, --no-config", async () => {
    expect(codes((await lint(["--distro", "debian", "--ignore", "vsf706,VSF601"])).stdout)).toEqual([[], []]);
    expect(codes((await lint(["--distro", "debian", "--quiet"])).stdout)).toEqual([[], []]);
    expect(codes((await lint(["--distro", "debian", "--severity-threshold", "warning"])).stdout)).toEqual([["VSF601", "VSF706"], ["VSF601", "VSF706"]]);
    expect(codes((await lint(["--distro", "debian", "--no-config"], "ignore: [VSF706]\n")).stdout)).toEqual([["VSF601", "VSF706"], ["VSF601", "VSF706"]]);
  });

  it("a broken config is one line and exit 2; --ignore takes codes only", async () => {
    const r = await lint([], "ignore: [nope]\n");
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(".ftpctl-lint.yaml: ignore takes a list of rule codes (VSF606)");
    const f = await lint(["--ignore", "banana"]);
    expect(f.exitCode).toBe(2);
    expect(f.stderr).toContain("--ignore takes rule codes (VSF606), not 'BANANA'");
  });

  it("a config others can write, or another user's, is refused rather than obeyed (it could hide findings from root)", async () => {
    writeFileSync(join(dir, ".ftpctl-lint.yaml"), "ignore: [VSF706]\n");
    chmodSync(join(dir, ".ftpctl-lint.yaml"), 0o666);
    const r = await ftpctl(["lint", "--distro", "debian", join(dir, "site/a.conf")]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("writable by others: a lint config must not be");
    if (process.getuid?.() === 0) {
      chmodSync(join(dir, ".ftpctl-lint.yaml"), 0o644);
      chownSync(join(dir, ".ftpctl-lint.yaml"), 65534, 65534);
      const o = await ftpctl(["lint", "--distro", "debian", join(dir, "site/a.conf")]);
      expect(o.exitCode).toBe(2);
      expect(o.stderr).toContain("owned by uid 65534: a lint config must be yours or root's");
    }
    rmSync(join(dir, ".ftpctl-lint.yaml"));
  });
});
