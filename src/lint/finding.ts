import type { Edit, Severity } from "./rule.js";

/** One lint result, the unit every output format renders. */
export interface Finding {
  readonly code: string;
  readonly rule: string;
  readonly severity: Severity;
  /** The key of the rule's message template the message was made from. */
  readonly messageId: string;
  readonly message: string;
  readonly file: string;
  /** 1-based; findings about a missing line point at line 1. */
  readonly line: number;
  readonly col: number;
  /** The offending line's text, when the finding points at a real line. */
  readonly source?: string;
  readonly fix?: readonly Edit[];
}

export interface FileResult {
  readonly file: string;
  readonly findings: readonly Finding[];
  /** The text that was linted, kept for --fix. */
  readonly text: string;
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const c = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}
