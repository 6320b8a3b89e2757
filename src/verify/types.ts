/** What verify checks, and what each check found. */

export const CHECK_IDS = [
  "banner",
  "feat",
  "anonymous-login",
  "anonymous-upload",
  "anonymous-mkdir",
  "anonymous-delete",
  "local-login",
  "jail",
  "round-trip",
  "passive",
  "epsv",
  "active",
  "tls-offered",
  "tls-forced",
  "tls-data",
  "tls-old-protocols",
  "certificate",
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

/** Stable codes in lint's scheme (VSF9nn is verify's range), for --json and junit. */
export function checkCode(id: CheckId): string {
  return `VSF${901 + CHECK_IDS.indexOf(id)}`;
}

export type Status = "pass" | "fail" | "skip" | "info";

export interface CheckResult {
  readonly id: CheckId;
  readonly status: Status;
  /** One line: what was expected and what happened. */
  readonly reason: string;
  /** The server's reply that decided it, as sent (first line), when there was one. */
  readonly reply?: string;
  /** Milliseconds the check took. */
  readonly ms: number;
}

export interface VerifyReport {
  readonly target: { readonly host: string; readonly port: number };
  readonly source: string;
  readonly results: readonly CheckResult[];
  /** Milliseconds to the first logged-in session, and for the round trip, for perfdata. */
  readonly timings: { readonly loginMs?: number; readonly transferMs?: number; readonly totalMs: number };
}
