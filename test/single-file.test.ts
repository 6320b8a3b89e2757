/**
 * dist/ftpctl.mjs (scripts/build-single.mjs) needs nothing beside it: copied
 * alone into an empty directory, it still has the built-in profiles, the
 * rendered config's layout and the rule pages, and it imports nothing but
 * Node's built-ins. Quick checks on this suite's Node; test/node-versions.test.ts
 * runs the CLI suite with it on Node 18, test/container/node18.test.ts on Debian's.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { isBuiltin } from "node:module";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO } from "./cli/ftpctl.js";

const SINGLE = join(REPO, "dist/ftpctl.mjs");

describe("dist/ftpctl.mjs, one file", () => {
  let dir = "";
  const run = (args: string[]) => execa(process.execPath, ["ftpctl.mjs", ...args], { cwd: dir, reject: false, env: { NO_COLOR: "1" }, extendEnv: false, timeout: 30_000 });

  beforeAll(() => {
    expect(existsSync(SINGLE), "run `npm run build` first").toBe(true);
    dir = mkdtempSync(join(tmpdir(), "ftpctl-single-"));
    copyFileSync(SINGLE, join(dir, "ftpctl.mjs"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("imports only Node built-ins, and never process.getBuiltinModule (Node 20.16)", () => {
    const text = readFileSync(SINGLE, "utf8");
    const specifiers = [...text.matchAll(/\bimport\s*(?:[\w${}\s,*]+\s*from\s*)?["']([^"']+)["']/g)].map((m) => m[1]);
    expect(specifiers.length).toBeGreaterThan(0);
    expect(specifiers.filter((s) => !isBuiltin(s!))).toEqual([]);
    expect(text).not.toMatch(/getBuiltinModule/);
  });

  it("alone in a directory: renders a built-in profile, shows a rule page, lints", async () => {
    writeFileSync(join(dir, "ftpctl.yaml"), "extends: [anonymous, ftps]\n");
    const render = await run(["render", "--output=-"]);
    expect(render.exitCode, render.stderr).toBe(0);
    expect(render.stdout).toMatch(/^anonymous_enable=YES$/m);
    expect(render.stdout).toMatch(/^ssl_enable=YES$/m);
    const init = await run(["init", "--profile", "jailed", "--output=-"]);
    expect(init.exitCode, init.stderr).toBe(0);
    expect(init.stdout).toMatch(/^extends: \[jailed\]$/m);
    const page = await run(["rules", "VSF201"]);
    expect(page.exitCode, page.stderr).toBe(0);
    expect(page.stdout).toMatch(/^# VSF201 /);
    writeFileSync(join(dir, "bad.conf"), "listen=YES\nlisten_ipv6=YES\n");
    const lint = await run(["lint", "bad.conf"]);
    expect(lint.exitCode).toBe(1);
    expect(lint.stdout).toMatch(/^bad\.conf:2:1: error: .*\[VSF201\]$/m);
    // SARIF names each rule's page (src/lint/format/help-uri.ts), which asks for the package's root.
    const sarif = await run(["lint", "--format", "sarif", "bad.conf"]);
    expect(sarif.exitCode, sarif.stderr).toBe(1);
    const rules = JSON.parse(sarif.stdout).runs[0].tool.driver.rules as { id: string; helpUri: string }[];
    expect(rules.find((r) => r.id === "VSF201")?.helpUri).toMatch(/^(https|file):\/\/.*\/docs\/rules\/VSF201\.md$/);
  });

  it("an unknown built-in profile: the same error, listing the same built-ins, as from the package", async () => {
    writeFileSync(join(dir, "nope.yaml"), "extends: [no-such-profile]\n");
    const r = await run(["render", "nope.yaml", "--output=-"]);
    const pkg = await execa(process.execPath, [join(REPO, "bin/ftpctl.js"), "render", "nope.yaml", "--output=-"], { cwd: dir, reject: false, env: { NO_COLOR: "1" }, extendEnv: false });
    expect(r.exitCode).toBe(pkg.exitCode);
    expect(r.stderr).toBe(pkg.stderr);
    expect(r.stderr).toContain("Known profiles: anonymous, dropbox, ftps, jailed, local");
  });

  it("on a Node older than 18.19 it says so in one line and exits 2", async () => {
    // The version the banner reads, made older: a real Node 16 prints the same line.
    const older = 'data:text/javascript,Object.defineProperty(process.versions, "node", { value: "18.18.2" })';
    const r = await execa(process.execPath, ["--import", older, "ftpctl.mjs", "lint", "bad.conf"], { cwd: dir, reject: false, env: { NO_COLOR: "1" }, extendEnv: false });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe("ftpctl: needs Node 18.19 or later; this is Node 18.18.2");
    expect(r.stdout).toBe("");
  });
});
