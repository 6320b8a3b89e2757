/**
 * Whether text output is coloured when no --color/--no-color was given, by
 * the conventions terminals and CI systems share: NO_COLOR (any non-empty
 * value) turns colour off, FORCE_COLOR turns it on (0 or "false" off), and
 * otherwise colour follows whether stdout is a terminal.
 */
import { isatty } from "node:tty";

export function defaultColor(env: NodeJS.ProcessEnv = process.env, stdoutIsTty: () => boolean = () => isatty(1)): boolean {
  if (env["NO_COLOR"]) return false;
  const force = env["FORCE_COLOR"];
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
  return stdoutIsTty();
}
