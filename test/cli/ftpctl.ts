/**
 * Runs the built CLI (bin/ftpctl.js → dist/) as a user would: a separate
 * process, argv as an array, no colour. `npm run build` must have run first.
 * test/node-versions.test.ts runs these tests again on each supported Node
 * (FTPCTL_TEST_NODE, the node binary to run the CLI with), and on Node 18
 * with the single-file build (FTPCTL_TEST_BIN=dist/ftpctl.mjs).
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { execa, type Options } from "execa";

export const REPO = fileURLToPath(new URL("../..", import.meta.url));
export const BIN = process.env["FTPCTL_TEST_BIN"] || `${REPO}bin/ftpctl.js`;
export const NODE = process.env["FTPCTL_TEST_NODE"] || process.execPath;

export interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function ftpctl(args: readonly string[], options: Options = {}): Promise<CliResult> {
  if (!existsSync(`${REPO}dist/cli.js`)) throw new Error("dist/cli.js is missing: run `npm run build` before these tests");
  const r = await execa(NODE, [BIN, ...args], {
    reject: false,
    stripFinalNewline: false,
    env: { NO_COLOR: "1" },
    extendEnv: false,
    timeout: 30_000,
    ...options,
  });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}
