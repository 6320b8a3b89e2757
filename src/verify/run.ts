/**
 * Runs every check against one server and returns the report: data only.
 * A server that cannot be reached at all is an error (exit 2 in the CLI),
 * not a column of failures.
 */
import { FtpctlError } from "../core/errors.js";
import { CHECKS } from "./checks/index.js";
import type { RunState } from "./checks/check.js";
import { connect, type VerifyContext } from "./context.js";
import type { CheckId, CheckResult, VerifyReport } from "./types.js";

export class UnreachableError extends FtpctlError {
  override readonly exitCode = 2;
}

export interface RunOptions {
  readonly source: string;
  /** Called as each check ends, for progress lines on a terminal. */
  readonly onResult?: (r: CheckResult) => void;
  /** Stop between checks (SIGINT): what ran is reported, nothing is left behind. */
  readonly signal?: AbortSignal;
  readonly only?: ReadonlySet<CheckId>;
}

export async function runVerify(ctx: VerifyContext, o: RunOptions): Promise<VerifyReport> {
  const started = Date.now();
  try {
    (await connect(ctx)).client.close();
  } catch (err) {
    throw new UnreachableError(`cannot reach ${ctx.host}:${ctx.port}: ${(err as Error).message}`);
  }
  const state: RunState = {};
  const results: CheckResult[] = [];
  for (const check of CHECKS) {
    if (o.signal?.aborted) break;
    if (o.only && !o.only.has(check.id)) continue;
    const t0 = Date.now();
    let r: CheckResult;
    try {
      r = { id: check.id, ...(await check.run(ctx, state)), ms: Date.now() - t0 };
    } catch (err) {
      r = { id: check.id, status: "fail", reason: `the probe failed: ${(err as Error).message}`, ms: Date.now() - t0 };
    }
    results.push(r);
    o.onResult?.(r);
  }
  return {
    target: { host: ctx.host, port: ctx.port },
    source: o.source,
    results,
    timings: { ...(state.loginMs !== undefined ? { loginMs: state.loginMs } : {}), ...(state.transferMs !== undefined ? { transferMs: state.transferMs } : {}), totalMs: Date.now() - started },
  };
}
