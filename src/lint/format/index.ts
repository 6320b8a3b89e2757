import type { FileResult } from "../finding.js";
import type { Rule } from "../rule.js";

import type { FormatName } from "./names.js";

export { FORMAT_NAMES, type FormatName } from "./names.js";

/** A file named on the command line that could not be read (or, under --fix, written). */
export interface Unprocessed {
  readonly file: string;
  /** Why, without the file's name: "no such file". */
  readonly error: string;
}

export interface FormatContext {
  readonly color: boolean;
  readonly rules: readonly Rule[];
  readonly distro: string;
  /** Reported on stderr one line each; the machine formats also carry them, so a reader sees why the exit code is 2. */
  readonly unprocessed?: readonly Unprocessed[];
}

export type Formatter = (results: readonly FileResult[], ctx: FormatContext) => string;

/** Formatters load on demand so start-up pays only for the one in use. */
export async function loadFormatter(name: FormatName): Promise<Formatter> {
  switch (name) {
    case "text":
      return (await import("./text.js")).default;
    case "json":
      return (await import("./json.js")).default;
    case "sarif":
      return (await import("./sarif.js")).default;
    case "github":
      return (await import("./github.js")).default;
  }
}
