/**
 * `ftpctl apply`: plan, then make the changes, one progress line per step,
 * rolling back when a step fails. It never waits for an answer that cannot
 * come: without --yes it asks only when stdin is a terminal, and refuses
 * (exit 2) otherwise, so a forgotten flag over ssh fails at once.
 * Exit codes: 0 applied (or nothing to do), 1 a problem in the plan or a
 * failed step (rolled back), 2 usage or unusable input, 130/143 interrupted
 * by SIGINT/SIGTERM while applying (rolled back, as for a failed step).
 */
import { hostname } from "node:os";
import type { Io } from "../../core/io.js";
import { UsageError } from "../../core/errors.js";
import { VERSION } from "../../core/version.js";
import { applyPlan } from "../../provision/apply.js";
import { LocalExecutor } from "../../provision/local-executor.js";
import { refuseRootWithSsh, withSsh, type Remote } from "../../remote/connect.js";
import { takeServerApplyLock } from "../../remote/remote-lock.js";
import { formatTarget, parseSshTarget } from "../../remote/ssh.js";
import { lockPath, takeApplyLock } from "../../provision/lock.js";
import { countPlan } from "../../provision/plan.js";
import { preparePlan, reportError, warn, type PlanCommandOptions } from "../plan/run.js";
import { checkRoot, type Prepared } from "../../provision/prepare.js";
import { reopenSavedPlan, savedRoot } from "../../provision/saved-plan-apply.js";
import { checkSavedPlanFlags, savedPlanArgument } from "../../provision/saved-plan.js";
import { askTerminal, secretInputFromStdin, stdinIsTty } from "../terminal.js";
import { applyJson, applySummary, formatPlan, planJson } from "../../provision/view.js";

export interface ApplyCommandOptions extends PlanCommandOptions {
  readonly yes: boolean;
  readonly dryRun: boolean;
  readonly removeFirewall: boolean;
  /** Leave out the verify that ends every apply on the live system. */
  readonly noVerify?: boolean;
}

/** The shell's convention: 128 + the signal's number. */
const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };

/**
 * SIGINT and SIGTERM during an apply: the handlers go in before the lock is
 * taken and stay for the rest of the process. While an apply runs, a signal
 * aborts it (it stops before the next change and rolls back; a second
 * signal does not stop the rollback). The outcome is decided at one point,
 * applyPlan's last check, and printed right after it without yielding to
 * the event loop; a signal that comes later cannot undo what was reported,
 * so it ends the process with the code that matches the report instead of
 * dying of the signal (which the shell would read as 130, "interrupted and
 * rolled back", after a report of success). Before the handlers are
 * installed nothing is locked or changed, so the default action is right.
 */
interface Interruption {
  readonly signal: AbortSignal;
  /** The apply is over and `code` is what it reported. */
  done(code: number): void;
}

let running: AbortController | undefined;
let reported: number | undefined;
let installed = false;

function onSignal(sig: NodeJS.Signals): void {
  if (running) {
    if (!running.signal.aborted) running.abort(sig);
    return;
  }
  process.exit(reported ?? SIGNAL_EXIT[sig] ?? 1);
}

function interruptible(): Interruption {
  if (!installed) {
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    installed = true;
  }
  const controller = new AbortController();
  running = controller;
  return {
    signal: controller.signal,
    done(code) {
      if (running === controller) running = undefined;
      reported = code;
    },
  };
}

/**
 * The answer, or undefined when a signal came first: Ctrl-C at the
 * confirmation (echoed, so not raw) is a SIGINT, which the handlers turn
 * into an abort; the prompt's reader is closed so the process can end.
 */
function untilAborted(answer: Promise<string>, signal: AbortSignal | undefined): Promise<string | undefined> {
  if (!signal) return answer;
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      process.stdin.destroy();
      resolve(undefined);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    answer.then(
      (a) => (signal.removeEventListener("abort", onAbort), resolve(a)),
      (e: unknown) => (signal.removeEventListener("abort", onAbort), reject(e)),
    );
  });
}

/** A signal that came while planning or asking: nothing changed yet, so the exit says interrupted and no rollback is needed. */
function interruptedEarly(signal: AbortSignal, io: Io): number | undefined {
  if (!signal.aborted) return undefined;
  const sig = String(signal.reason);
  io.stderr(`ftpctl: apply interrupted by ${sig} before any change; nothing was changed\n`);
  return SIGNAL_EXIT[sig] ?? 1;
}

/** verify against this host's server, with the profile's first user that has a password. */
function afterApplyCheck(prepared: Prepared, progress: (line: string) => void, signal: AbortSignal | undefined, host: string | undefined) {
  const withPassword = (prepared.ctx.profile.users ?? []).map((u) => prepared.secrets.get(u.name)).find((s) => s !== undefined && s.value !== "");
  return {
    id: "verify",
    run: async () => {
      const { verifyAfterApply } = await import("../../verify/after-apply.js");
      return verifyAfterApply({
        configText: prepared.rendered.text,
        distro: prepared.ctx.distro,
        user: withPassword ? { name: withPassword.user, password: withPassword.value } : undefined,
        progress,
        ...(signal ? { signal } : {}),
        ...(host !== undefined ? { host } : {}),
      });
    },
  };
}

export async function applyCommand(opts: ApplyCommandOptions, io: Io): Promise<number> {
  const code = await applyCommandInner(opts, io, opts.dryRun ? undefined : interruptible());
  return code;
}

async function applyCommandInner(opts: ApplyCommandOptions, io: Io, stop: Interruption | undefined): Promise<number> {
  // Locked before planning, so the plan sees what a concurrent run left, not what it was doing.
  let release: (() => void) | undefined;
  let code = 1;
  try {
    code = await run();
    return code;
  } finally {
    release?.();
    stop?.done(code);
  }

  async function run(): Promise<number> {
    try {
      // A saved plan (by its content) fixes the profile, the flags and the staging tree.
      const saved = savedPlanArgument(opts.file, VERSION);
      if (saved) checkSavedPlanFlags(opts.file, opts);
      // First: a bad --root is a usage error before anything is read or locked; a root that is / is this host.
      refuseRootWithSsh(opts.root, opts.ssh);
      if (saved && opts.ssh !== undefined) throw new UsageError("a saved plan and --ssh do not go together yet: a saved plan is applied on the host it was made on");
      const o = { ...opts, root: saved ? savedRoot(saved, opts.root) : checkRoot(opts.root) };
      if (!o.yes && !o.dryRun && !stdinIsTty()) {
        throw new UsageError(
          "refusing to apply without --yes: standard input is not a terminal, so there is no one to confirm (review with 'ftpctl plan', then run 'ftpctl apply --yes')",
        );
      }
      // A server reached with --ssh is locked by its name here, so two runs from this machine never interleave on it.
      if (!o.dryRun) release = takeApplyLock(lockPath(o.ssh !== undefined ? `ssh:${formatTarget(parseSshTarget(o.ssh))}` : o.root));
      return await withSsh(o.ssh, async (remote) => {
        // And on the server, the lock a run there takes too: a run on the server or from another machine is excluded.
        const unlock = remote && !o.dryRun ? await takeServerApplyLock(remote.exec, remote.session) : undefined;
        try {
          return await applyWith(o, saved, remote);
        } finally {
          await unlock?.();
        }
      });
    } catch (err) {
      return reportError(err, io, opts.json);
    }
  }

  async function applyWith(o: ApplyCommandOptions, saved: ReturnType<typeof savedPlanArgument>, remote: Remote | undefined): Promise<number> {
    const exec = remote?.exec ?? new LocalExecutor(o.root !== undefined ? { root: o.root } : {});
    const skippedCommands = exec instanceof LocalExecutor ? exec.skippedCommands : [];
    const { prepared, plan } = saved
      ? await reopenSavedPlan({ file: o.file, saved, exec, hostname: hostname(), secretInput: secretInputFromStdin(process.env) }).then((r) => (warn(r.prepared, io), r))
      : await preparePlan(o, io, exec, remote?.exec);
    const ctx = prepared.ctx;
    if (o.dryRun) {
      if (o.json) io.stdout(JSON.stringify(planJson(plan, ctx), null, 2) + "\n");
      else io.stdout(formatPlan(plan, ctx, { color: o.color }));
      return 0;
    }
    // With --json the plan is part of the result; people see it before being asked.
    if (!o.json) io.stdout(formatPlan(plan, ctx, { color: o.color }));
    const pending = countPlan(plan).change;
    if (!o.yes && pending > 0) {
      const answer = await untilAborted(askTerminal(`\nApply ${pending} change${pending === 1 ? "" : "s"} to ${remote?.name ?? "this host"}? Type 'yes' to go on: `, { echo: true }), stop?.signal);
      if (answer === undefined) return interruptedEarly(stop!.signal, io)!;
      if (answer.trim().toLowerCase() !== "yes") {
        io.stderr("ftpctl: apply cancelled; nothing was changed\n");
        return 1;
      }
    }
    const early = stop && interruptedEarly(stop.signal, io);
    if (early !== undefined) return early;
    const say = o.json ? io.stderr : io.stdout;
    if (!o.json && pending > 0) say("\n");
    const progress = (line: string) => say(line + "\n");
    // On the live system a whole run (no --only) ends with verify against the server it set up; a failure rolls it all back.
    const finalCheck = o.root === undefined && !o.noVerify && prepared.only === undefined ? afterApplyCheck(prepared, progress, stop?.signal, remote?.address) : undefined;
    const result = await applyPlan(plan, exec, { progress, ...(stop ? { signal: stop.signal } : {}), ...(finalCheck ? { finalCheck } : {}) });
    // From here to the return nothing yields to the event loop: the outcome printed is the outcome.
    if (skippedCommands.length && !o.json) {
      say(`not run under --root (they change the live system):\n${skippedCommands.map((c) => `  ${c}`).join("\n")}\n`);
    }
    if (o.json) io.stdout(JSON.stringify({ ...applyJson(plan, ctx, result), skippedCommands }, null, 2) + "\n");
    else say(applySummary(result) + "\n");
    if (result.failed) {
      if (result.interrupted !== undefined) io.stderr(`ftpctl: apply interrupted by ${result.interrupted}\n`);
      if (result.interrupted === undefined || result.failed.message !== `interrupted by ${result.interrupted}`) io.stderr(`ftpctl: apply failed at ${result.failed.id}:\n  ${result.failed.message.replaceAll("\n", "\n  ")}\n`);
      io.stderr(
        result.rollbackErrors.length
          ? `ftpctl: rollback incomplete, check by hand:\n  ${result.rollbackErrors.join("\n  ")}\n`
          : `ftpctl: rolled back ${result.rolledBack} change${result.rolledBack === 1 ? "" : "s"}; the host is as it was before this run (installed packages stay)\n`,
      );
      return result.interrupted !== undefined ? (SIGNAL_EXIT[result.interrupted] ?? 1) : 1;
    }
    return 0;
  }
}
