/**
 * Replaces yargs' ESM platform shim inside the bundle. It is the upstream
 * shim minus four start-up costs:
 * - `node:assert` (two helpers, written out here);
 * - `node:module`'s createRequire, which yargs uses only to load JSON config
 *   files, a feature ftpctl does not enable;
 * - an eager read of `process.stdout.columns` (see stdColumns);
 * - the package.json search (findUp). yargs() calls version() on creation,
 *   which walks up from the current directory listing each directory until
 *   it finds a package.json to take a version from, on every run and
 *   wherever the user happens to be; ftpctl then sets its own version. The
 *   other use, pkgConf(), ftpctl never calls.
 */
import cliui from "cliui";
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
  findUp: () => undefined,
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
    // A getter, read only when yargs lays out help: creating process.stdout on
    // a pipe loads Node's streams and net modules, which a lint run never needs.
    get stdColumns() {
      return typeof process.stdout.columns !== "undefined" ? process.stdout.columns : null;
    },
  },
  readFileSync,
  readdirSync,
  require: (id: string) => {
    throw new Error(`ftpctl does not load ${id} as a yargs config`);
  },
  getCallerFile: () => "ftpctl",
  stringWidth,
  // y18n tolerates only ENOENT for its locale file. Under /proc/self nothing can
  // create that name, so no directory a user or a test makes (a root-only
  // /nonexistent once turned every run as nobody into EACCES, exit 70) is read.
  y18n: y18n({ directory: "/proc/self/ftpctl-no-locales", updateFiles: false }),
};
