/**
 * Makes a plan's changes in order, one progress line each, collecting undo
 * steps. When a change fails, the changes already made are undone in reverse
 * order, then the rollback hooks run (the service restarts on the restored
 * config), and the result says what failed and what was rolled back.
 * Changes the plan marks as skipped, and noops, are not touched.
 *
 * An interruption (the caller aborts `signal`, on SIGINT or SIGTERM) is a
 * failure like any other: no further change starts, and what was done is
 * rolled back. It is noticed between changes, never in the middle of one,
 * so every change is either whole and undoable or not begun; a second
 * interruption does not stop the rollback.
 */
import { FtpctlError } from "../core/errors.js";
import type { CommandResult, Executor, FileStat, RunOptions, WriteOptions } from "./executor.js";
import type { Plan } from "./plan.js";
import { ACTION_GLYPH, type Change } from "./resource.js";

export type StepStatus = "changed" | "ok" | "skipped" | "failed" | "rolled-back";

export interface StepResult {
  readonly id: string;
  readonly kind: string;
  readonly action: Change["action"];
  readonly summary: string;
  readonly status: StepStatus;
  /** Why a planned change turned out unnecessary, or why it was skipped. */
  readonly note?: string;
  readonly error?: string;
}

export interface ApplyResult {
  readonly results: readonly StepResult[];
  readonly failed?: { readonly id: string; readonly message: string };
  /** Why the apply was interrupted (the abort reason, e.g. "SIGINT"), when it was. */
  readonly interrupted?: string;
  readonly rolledBack: number;
  readonly rollbackErrors: readonly string[];
  readonly counts: { readonly changed: number; readonly ok: number; readonly skipped: number };
}

/** Counts what one change did, to tell a real change from one whose commands were all skipped under --root. */
class Counting implements Executor {
  changes = 0;
  skippedRuns = 0;
  constructor(private readonly inner: Executor) {}
  get root(): string | undefined {
    return this.inner.root;
  }
  probe(argv: readonly string[], opts?: RunOptions): Promise<CommandResult> {
    return this.inner.probe(argv, opts);
  }
  which(p: string): Promise<string | undefined> {
    return this.inner.which(p);
  }
  readFile(p: string): Promise<Buffer | undefined> {
    return this.inner.readFile(p);
  }
  stat(p: string): Promise<FileStat | undefined> {
    return this.inner.stat(p);
  }
  realpath(p: string): Promise<string> {
    return this.inner.realpath ? this.inner.realpath(p) : Promise.resolve(p);
  }
  async run(argv: readonly string[], opts?: RunOptions): Promise<CommandResult> {
    const r = await this.inner.run(argv, opts);
    if (r.skipped) this.skippedRuns++;
    else this.changes++;
    return r;
  }
  private did<T>(p: Promise<T>): Promise<T> {
    this.changes++;
    return p;
  }
  writeFile(p: string, d: string | Uint8Array, o: WriteOptions): Promise<void> {
    return this.did(this.inner.writeFile(p, d, o));
  }
  mkdir(p: string, o: WriteOptions): Promise<void> {
    return this.did(this.inner.mkdir(p, o));
  }
  chmod(p: string, m: number): Promise<void> {
    return this.did(this.inner.chmod(p, m));
  }
  chown(p: string, u: number, g: number): Promise<void> {
    return this.did(this.inner.chown(p, u, g));
  }
  rename(a: string, b: string): Promise<void> {
    return this.did(this.inner.rename(a, b));
  }
  remove(p: string): Promise<void> {
    return this.did(this.inner.remove(p));
  }
}

export interface ApplyOptions {
  readonly progress: (line: string) => void;
  /** Aborted to interrupt the apply: it stops before the next change and rolls back. */
  readonly signal?: AbortSignal;
  /**
   * Run once every change is made (verify against the running server): a
   * message means the result is not what the plan promised, and everything
   * is rolled back as for a failed step.
   */
  readonly finalCheck?: { readonly id: string; run(): Promise<string | undefined> };
}

/**
 * Lets the event loop run once: changes through a local executor complete
 * without ever leaving the microtask queue, and a signal handler runs only
 * from the event loop, so without this an interruption would be noticed
 * only after the last change.
 */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function message(err: unknown): string {
  return err instanceof FtpctlError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
}

export async function applyPlan(plan: Plan, exec: Executor, opts: ApplyOptions): Promise<ApplyResult> {
  const results: StepResult[] = [];
  const undos: { index: number; summary: string; undo: () => Promise<void> }[] = [];
  const hooks: (() => Promise<void>)[] = [];
  const applied: Change[] = [];
  const work = plan.steps.flatMap((s) => s.changes.filter((c) => c.action !== "noop" && c.skipped === undefined).map((c) => ({ step: s, change: c })));
  let n = 0;
  let failed: ApplyResult["failed"];
  let interrupted: string | undefined;
  const interruption = async (id: string): Promise<void> => {
    if (!opts.signal || failed) return;
    await turn();
    if (!opts.signal.aborted) return;
    interrupted = String(opts.signal.reason ?? "interrupt");
    failed = { id, message: `interrupted by ${interrupted}` };
    opts.progress(`    interrupted by ${interrupted}`);
  };

  for (const step of plan.steps) {
    for (const change of step.changes) {
      const base = { id: change.id, kind: step.resource.kind, action: change.action, summary: change.summary };
      if (failed) {
        if (change.action !== "noop" && change.skipped === undefined) results.push({ ...base, status: "failed", note: interrupted !== undefined ? "not attempted: interrupted" : "not attempted: an earlier step failed" });
        continue;
      }
      if (change.skipped !== undefined) {
        results.push({ ...base, status: "skipped", note: change.skipped });
        continue;
      }
      if (change.action === "noop") {
        results.push({ ...base, status: "ok" });
        continue;
      }
      await interruption(change.id);
      if (failed) {
        results.push({ ...base, status: "failed", note: "not attempted: interrupted" });
        continue;
      }
      n++;
      opts.progress(`[${n}/${work.length}] ${ACTION_GLYPH[change.action]} ${step.resource.kind}: ${change.summary}`);
      const counting = new Counting(exec);
      let unchanged: string | undefined;
      try {
        const undo = await step.resource.apply(change, {
          exec: counting,
          progress: opts.progress,
          applied: [...applied],
          onRollback: (h) => hooks.push(h),
          unchanged: (why) => (unchanged = why),
        });
        if (undo) undos.push({ index: results.length, summary: change.summary, undo });
        if (unchanged !== undefined && counting.changes === 0) {
          opts.progress(`    already done: ${unchanged}`);
          results.push({ ...base, status: "ok", note: unchanged });
        } else if (counting.changes === 0 && counting.skippedRuns > 0) {
          results.push({ ...base, status: "skipped", note: "commands not run under --root" });
        } else {
          applied.push(change);
          results.push({ ...base, status: "changed" });
        }
      } catch (err) {
        const msg = message(err);
        failed = { id: change.id, message: msg };
        results.push({ ...base, status: "failed", error: msg });
        opts.progress(`    failed: ${msg.split("\n")[0]}`);
      }
    }
  }

  // A signal during the last change still undoes the run: the operator asked for it not to happen.
  await interruption("interrupted");
  if (!failed && opts.finalCheck) {
    try {
      const wrong = await opts.finalCheck.run();
      if (wrong !== undefined) {
        failed = { id: opts.finalCheck.id, message: wrong };
        opts.progress(`    failed: ${wrong.split("\n")[0]}`);
      }
    } catch (err) {
      failed = { id: opts.finalCheck.id, message: message(err) };
    }
    await interruption("interrupted");
  }
  // Ctrl-C reaches the commands a step runs too (one process group): that step fails of it, and the run counts as interrupted.
  if (failed && interrupted === undefined && opts.signal?.aborted) interrupted = String(opts.signal.reason ?? "interrupt");
  const rollbackErrors: string[] = [];
  if (failed && (undos.length || hooks.length)) {
    opts.progress(`rolling back ${undos.length} change${undos.length === 1 ? "" : "s"}`);
    for (const u of [...undos].reverse()) {
      try {
        await u.undo();
        opts.progress(`    undone: ${u.summary}`);
        const r = results[u.index]!;
        results[u.index] = { ...r, status: "rolled-back" };
      } catch (err) {
        rollbackErrors.push(`${u.summary}: ${message(err)}`);
        opts.progress(`    could not undo: ${u.summary}: ${message(err).split("\n")[0]}`);
      }
    }
    for (const h of hooks) {
      try {
        await h();
      } catch (err) {
        rollbackErrors.push(message(err));
      }
    }
  }
  const count = (s: StepStatus) => results.filter((r) => r.status === s).length;
  return {
    results,
    ...(failed ? { failed } : {}),
    ...(interrupted !== undefined ? { interrupted } : {}),
    rolledBack: failed ? count("rolled-back") : 0,
    rollbackErrors,
    counts: { changed: count("changed"), ok: count("ok"), skipped: count("skipped") },
  };
}
