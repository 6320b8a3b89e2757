/**
 * bin/ftpctl.js as a user's machine meets it: an unbuilt checkout says how to
 * build in one line, and the compile cache is made per user, in a directory
 * only that user can change, and never costs the command: a cache directory
 * that is a link, not ours, unwritable or holding garbage is passed over.
 */
import { chmodSync, chownSync, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BIN, REPO } from "../cli/ftpctl.js";
import { describeWithTools } from "../helpers/require-tool.js";

const CONF = `${REPO}examples/anonymous-readonly.conf`;
const V8 = `v8-${process.version}-${process.arch}`;

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), "ftpctl-cache-"));
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const lint = (env: Record<string, string>, bin = BIN) =>
  execa(process.execPath, [bin, "lint", "--distro", "debian", CONF], { env: { NO_COLOR: "1", ...env }, extendEnv: false, reject: false, timeout: 30_000 });

describe("an unbuilt checkout", () => {
  // execa drops the final newline: the whole of stderr is that one line.
  it("says in one line how to build, exit 2, no stack trace", async () => {
    mkdirSync(join(tmp, "bin"));
    copyFileSync(BIN, join(tmp, "bin/ftpctl.js"));
    copyFileSync(join(dirname(BIN), "package.json"), join(tmp, "bin/package.json"));
    writeFileSync(join(tmp, "package.json"), '{ "type": "module" }\n');
    const r = await lint({ HOME: tmp }, join(tmp, "bin/ftpctl.js"));
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`ftpctl: this checkout is not built (${tmp}/dist/cli.js is missing): run \`npm install\` or \`npm run build\` in ${tmp}`);
  });
});

describe("the compile cache", () => {
  it("is made on the first run in $XDG_CACHE_HOME/ftpctl, 0700 with 0600 files, and used after", async () => {
    const first = await lint({ XDG_CACHE_HOME: tmp });
    expect(first.stderr).toBe("");
    expect(first.exitCode).toBe(0);
    const dir = join(tmp, "ftpctl", V8);
    expect(lstatSync(join(tmp, "ftpctl")).mode & 0o777).toBe(0o700);
    expect(lstatSync(dir).mode & 0o777).toBe(0o700);
    const files = readdirSync(dir).sort();
    // cli.js and lint's own bundle (named after its source file) at least.
    expect(files).toContain("cli.js.cache");
    expect(files.some((f) => /lint-run\.js\.cache$/.test(f)), files.join(" ")).toBe(true);
    for (const f of files) expect(lstatSync(join(dir, f)).mode & 0o777, f).toBe(0o600);
    const generation = () => readFileSync(join(dir, "cli.js.cache"), "latin1").split("\n", 1)[0]!.replace(/^\/\/ ftpctl-build [0-9a-f]+ /, "");
    expect(generation()).toBe("g0");
    // The next three runs add what they compiled; after that the cache is only read.
    for (const g of ["g1", "g2", "g3", "g3", "g3"]) {
      expect((await lint({ XDG_CACHE_HOME: tmp })).exitCode).toBe(0);
      expect(generation()).toBe(g);
    }
    const mtime = lstatSync(join(dir, "cli.js.cache")).mtimeMs;
    expect((await lint({ XDG_CACHE_HOME: tmp })).exitCode).toBe(0);
    expect(lstatSync(join(dir, "cli.js.cache")).mtimeMs).toBe(mtime);
  });

  it("defaults to ~/.cache/ftpctl, making ~/.cache 0700 when it is missing", async () => {
    expect((await lint({ HOME: tmp })).exitCode).toBe(0);
    expect(lstatSync(join(tmp, ".cache")).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(tmp, ".cache/ftpctl", V8))).toContain("cli.js.cache");
  });

  it("replaces a cache that is garbage, and the command still works", async () => {
    const dir = join(tmp, "ftpctl", V8);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stamp = "// ftpctl-build 0000000000000000\n";
    writeFileSync(join(dir, "cli.js.cache"), `${stamp}not a V8 code cache`, { mode: 0o600 });
    const r = await lint({ XDG_CACHE_HOME: tmp });
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(lstatSync(join(dir, "cli.js.cache")).size).toBeGreaterThan(1000);
  });

  it("is not followed through a link, and the command still works", async () => {
    const elsewhere = join(tmp, "elsewhere");
    mkdirSync(elsewhere, { mode: 0o700 });
    mkdirSync(join(tmp, "xdg"), { mode: 0o700 });
    symlinkSync(elsewhere, join(tmp, "xdg/ftpctl"));
    const r = await lint({ XDG_CACHE_HOME: join(tmp, "xdg") });
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it("is skipped when the cache dir is writable by others, or cannot be made", async () => {
    mkdirSync(join(tmp, "open"), { mode: 0o700 });
    chmodSync(join(tmp, "open"), 0o777);
    const open = await lint({ XDG_CACHE_HOME: join(tmp, "open") });
    expect(open.exitCode).toBe(0);
    expect(readdirSync(join(tmp, "open"))).toEqual([]);
    // Two missing levels: ftpctl makes one directory, never a chain of them.
    const deep = await lint({ XDG_CACHE_HOME: join(tmp, "no/such") });
    expect(deep.stderr).toBe("");
    expect(deep.exitCode).toBe(0);
    expect(readdirSync(tmp)).toEqual(["open"]);
  });
});

describeWithTools("the compile cache as root", ["root"], () => {
  it("leaves another user's home alone (sudo keeping HOME)", async () => {
    const home = join(tmp, "home");
    mkdirSync(home, { mode: 0o700 });
    chownSync(home, 65534, 65534);
    const r = await lint({ HOME: home });
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(readdirSync(home)).toEqual([]);
  });

  it("never makes a top-level directory: not for $XDG_CACHE_HOME=/x, not for HOME=/nonexistent's .cache", async () => {
    const top = `/ftpctl-cache-test-${process.pid}`;
    try {
      const r = await lint({ XDG_CACHE_HOME: top });
      expect(r.exitCode).toBe(0);
      expect(existsSync(top)).toBe(false);
      const n = await lint({ HOME: `${top}/home` });
      expect(n.exitCode).toBe(0);
      expect(existsSync(top)).toBe(false);
    } finally {
      rmSync(top, { recursive: true, force: true });
    }
  });
});
