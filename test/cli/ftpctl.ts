/**
 * Runs the built CLI (bin/ftpctl.js → dist/) as a user would: a separate
 * process, argv as an array, no colour. `npm run build` must have run first.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { execa, type Options } from "execa";

export const REPO = fileURLToPath(new URL("../..", import.meta.url));
export const BIN = `${REPO}bin/ftpctl.js`;

export interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function ftpctl(args: readonly string[], options: Options = {}): Promise<CliResult> {
  if (!existsSync(`${REPO}dist/cli.js`)) throw new Error("dist/cli.js is missing: run `npm run build` before these tests");
  const r = await execa(process.execPath, [BIN, ...args], {
    reject: false,
    stripFinalNewline: false,
    env: { NO_COLOR: "1" },
    extendEnv: false,
    timeout: 30_000,
    ...options,
  });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}
