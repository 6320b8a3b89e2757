/** One named check: what it asks the server, and how it judges the answer. */
import type { CheckId, Status } from "../types.js";
import type { VerifyContext } from "../context.js";

export interface Outcome {
  readonly status: Status;
  readonly reason: string;
  readonly reply?: string;
}

/** Figures checks hand on to the report (perfdata) and to later checks. */
export interface RunState {
  loginMs?: number;
  transferMs?: number;
  feat?: readonly string[];
}

export interface Check {
  readonly id: CheckId;
  readonly title: string;
  run(ctx: VerifyContext, state: RunState): Promise<Outcome>;
}

export const pass = (reason: string, reply?: string): Outcome => ({ status: "pass", reason, ...(reply !== undefined ? { reply } : {}) });
export const fail = (reason: string, reply?: string): Outcome => ({ status: "fail", reason, ...(reply !== undefined ? { reply } : {}) });
export const skip = (reason: string): Outcome => ({ status: "skip", reason });
export const info = (reason: string, reply?: string): Outcome => ({ status: "info", reason, ...(reply !== undefined ? { reply } : {}) });
