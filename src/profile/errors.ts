import { FtpctlError } from "../core/errors.js";
import { shown } from "../core/shown.js";
import { commentText } from "./escape.js";

/** Where a profile value came from: a file position, a built-in profile, or a --set flag. */
export interface Origin {
  readonly file: string;
  readonly line?: number;
  readonly col?: number;
}

export function formatOrigin(o: Origin): string {
  // A file name with a newline would otherwise split one message over two lines.
  const file = commentText(o.file);
  return o.line === undefined ? file : `${file}:${o.line}:${o.col ?? 1}`;
}

export interface ProfileProblem {
  readonly origin: Origin;
  /** JSON pointer of the offending value, e.g. /listen/port. */
  readonly pointer: string;
  readonly message: string;
  readonly severity: "error" | "warning";
}

export function formatProblem(p: ProfileProblem): string {
  const where = p.pointer ? ` (${p.pointer})` : "";
  // The message and pointer may quote a key or value the profile holds ("bo\ngus"): one line each, escaped.
  return `${formatOrigin(p.origin)}: ${p.severity}: ${shown(`${p.message}${where}`)}`;
}

/** A profile that cannot be used; every problem is listed. Exit 1. */
export class ProfileError extends FtpctlError {
  constructor(readonly problems: readonly ProfileProblem[]) {
    super(problems.map(formatProblem).join("\n"));
  }
}

/** The rendered text has findings the profile layer must not write: nothing is written. */
export class RenderedConfigError extends ProfileError {
  constructor(
    problems: readonly ProfileProblem[],
    /** Some finding came from the profile layer's own keys: an ftpctl bug worth reporting. */
    readonly ours: boolean,
  ) {
    super(problems);
  }
}
