import type { Io } from "../core/io.js";
import { formatProblem, ProfileError, RenderedConfigError } from "../profile/errors.js";

/** Prints a bad profile's problems, one per line with file:line:col, and gives the exit code. */
export function reportProfileError(err: unknown, io: Io): number {
  if (!(err instanceof ProfileError)) throw err;
  for (const p of err.problems) io.stderr(formatProblem(p) + "\n");
  const n = err.problems.filter((p) => p.severity === "error").length;
  io.stderr(`${n} error(s): the profile was not used\n`);
  if (err instanceof RenderedConfigError && err.ours) io.stderr("ftpctl: the profile layer rendered a config lint finds fault with; nothing was written (please report this)\n");
  return 1;
}
