/**
 * Whether text output is coloured when no --color/--no-color was given, by
 * the conventions terminals and CI systems share: NO_COLOR (any non-empty
 * value) turns colour off, FORCE_COLOR turns it on (0 or "false" off), and
 * otherwise colour follows whether stdout is a terminal.
 */
import { fstatSync } from "node:fs";

/**
 * isatty(fd) without node:tty, whose loading (net and the streams stack) cost
 * about 4 ms of CPU in every run on Node 22 and 24, a tenth of a bare `node -e 0`.
 * A terminal is a character device; the character devices output goes to
 * otherwise are the memory devices (/dev/null, /dev/zero), major number 1.
 */
export function isTerminal(fd: number): boolean {
  try {
    const st = fstatSync(fd);
    return st.isCharacterDevice() && ((st.rdev >> 8) & 0xfff) !== 1;
  } catch {
    return false;
  }
}

export function defaultColor(env: NodeJS.ProcessEnv = process.env, stdoutIsTty: () => boolean = () => isTerminal(1)): boolean {
  if (env["NO_COLOR"]) return false;
  const force = env["FORCE_COLOR"];
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
  return stdoutIsTty();
}
