/**
 * A resource reads the current state, compares it with the desired state,
 * and changes the machine only when they differ (probe → diff → act).
 * Planning calls only `read` and `diff`; applying calls `apply` with the
 * change planned.
 */
import type { Executor } from "./executor.js";

/** Terraform-style actions; the symbol doubles as the plan's glyph. */
export type Action = "create" | "update" | "delete" | "noop";
export const ACTION_GLYPH: Readonly<Record<Action, string>> = { create: "+", update: "~", delete: "-", noop: " " };

export interface Change {
  /** Stable id, e.g. "file:/etc/vsftpd.conf", "user:alice", "firewall:ipv4:tcp/21". */
  readonly id: string;
  readonly action: Action;
  /** One line: what changes, in words. */
  readonly summary: string;
  /** Human-readable state before and after (for the plan). */
  readonly before?: string;
  readonly after?: string;
  /** Why this change is needed or chosen (shown in the plan). */
  readonly reason?: string;
  /** A unified diff for file contents. */
  readonly diff?: string;
  /** Opaque data the resource passes from diff to apply. Never holds secrets. */
  readonly data?: unknown;
  /**
   * Why this change will not be made although it is needed, e.g. "skipped
   * under --root" for package installs. Skipped changes are listed but not
   * counted as pending.
   */
  readonly skipped?: string;
}

export interface ApplyContext {
  readonly exec: Executor;
  /** One progress line per step. */
  readonly progress: (line: string) => void;
  /** Changes already made in this run, in order (the service restarts when the config is among them). */
  readonly applied?: readonly Change[];
  /**
   * Registers work to do after every undo step has run, when the run rolls
   * back: the service restarts on the restored config only then.
   */
  readonly onRollback?: (step: () => Promise<void>) => void;
  /** Reports that the change turned out to be unnecessary when applied (counted as ok, not changed). */
  readonly unchanged?: (why: string) => void;
}

export interface Resource {
  /** Section name in the plan, e.g. "package", "config", "firewall". */
  readonly kind: string;
  /** Reads the machine (probe calls only) and returns the changes needed, noops included. */
  plan(exec: Executor): Promise<Change[]>;
  /** Makes one planned change. Returns an undo step when the change can be rolled back. */
  apply(change: Change, ctx: ApplyContext): Promise<(() => Promise<void>) | void>;
}
