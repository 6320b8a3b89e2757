import type { Io } from "../cli.js";
import type { HostFacts } from "../host/facts.js";
import type { FileResult } from "./finding.js";
import type { LintOptions } from "./rule.js";

export interface FixOptions {
  readonly options: LintOptions;
  readonly io: Io;
  readonly host?: HostFacts;
}

// Placeholder until --fix lands.
export function fixResults(_results: readonly FileResult[], _opts: FixOptions): number {
  return 2;
}
