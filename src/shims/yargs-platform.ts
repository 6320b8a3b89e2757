/**
 * Replaces yargs' ESM platform shim inside the bundle. It is the upstream
 * shim minus two start-up costs: `node:assert` (two helpers, written out
 * here) and `node:module`'s createRequire, which yargs uses only to load
 * JSON config files, a feature ftpctl does not enable.
 */
import cliui from "cliui";
import escalade from "escalade/sync";
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, extname, join, relative, resolve } from "node:path";
import { inspect } from "node:util";
import Parser from "yargs-parser";
import y18n from "y18n";
import stringWidth from "./string-width.js";

function strictEqual(a: unknown, b: unknown, message?: string): void {
  if (a !== b) throw new Error(message ?? `expected ${String(a)} to equal ${String(b)}`);
}
function notStrictEqual(a: unknown, b: unknown, message?: string): void {
  if (a === b) throw new Error(message ?? `expected ${String(a)} not to equal ${String(b)}`);
}

export default {
  assert: { notStrictEqual, strictEqual },
  cliui,
  findUp: escalade,
  getEnv: (key: string) => process.env[key],
  inspect,
  getProcessArgvBin: () => process.argv.slice(0, 2)[1] ?? "ftpctl",
  mainFilename: process.cwd(),
  Parser,
  path: { basename, dirname, extname, relative, resolve, join },
  process: {
    argv: () => process.argv,
    cwd: process.cwd,
    emitWarning: (warning: string, type: string) => process.emitWarning(warning, type),
    execPath: () => process.execPath,
    exit: (code: number) => process.exit(code),
    nextTick: process.nextTick,
    stdColumns: typeof process.stdout.columns !== "undefined" ? process.stdout.columns : null,
  },
  readFileSync,
  readdirSync,
  require: (id: string) => {
    throw new Error(`ftpctl does not load ${id} as a yargs config`);
  },
  getCallerFile: () => "ftpctl",
  stringWidth,
  y18n: y18n({ directory: "/nonexistent", updateFiles: false }),
};
