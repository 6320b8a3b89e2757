/**
 * The built CLI for the profile tests, plus scratch directories. Other
 * engineers rebuild dist/ in the same working tree while tests run; a run
 * that caught dist/ half-written (a bundle missing) is retried briefly
 * rather than reported as a failure of the command under test.
 */
import { mkdtempSync, rmSync } from "node:fs";
import type { Options } from "execa";
import { ftpctl as run, REPO, type CliResult } from "../cli/ftpctl.js";

export { REPO };

const REBUILDING = /ENOENT[^\n]*\/dist\/|dist\/cli\.js is missing/;

export async function ftpctl(args: readonly string[], options: Options = {}): Promise<CliResult> {
  for (let attempt = 0; ; attempt++) {
    let r: CliResult;
    try {
      r = await run(args, options);
    } catch (err) {
      if (attempt < 20 && REBUILDING.test(String(err))) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      throw err;
    }
    if (attempt < 20 && REBUILDING.test(r.stderr)) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      continue;
    }
    return r;
  }
}

/** A scratch directory, removed by the returned function. */
export function scratch(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(`/tmp/ftpctl-${prefix}-`);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Lines of CLI output that look like a JavaScript stack frame. */
export const stackLines = (text: string) => text.split("\n").filter((l) => /^\s+at .+[(:]\d+/.test(l) || /internal error/.test(l));
