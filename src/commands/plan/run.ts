/**
 * `ftpctl plan`: what apply would change, step by step, changing nothing.
 * Exit codes: 0 done (with --detailed-exitcode: 0 no changes, 2 changes
 * pending), 1 any error. Under --detailed-exitcode every error is 1, so a
 * script never mistakes one for "changes pending".
 */
import type { Io } from "../../core/io.js";
import { FtpctlError } from "../../core/errors.js";
import { formatOrigin, formatProblem, ProfileError } from "../../profile/errors.js";
import type { Executor } from "../../provision/executor.js";
import { LocalExecutor } from "../../provision/local-executor.js";
import { assemble, countPlan, makePlan, type Plan } from "../../provision/plan.js";
import { checkRoot, prepare, type Prepared } from "../../provision/prepare.js";
import { RecordingExecutor } from "../../provision/recording-executor.js";
import { secretInputFromStdin } from "../terminal.js";
import { formatPlan, planJson } from "../../provision/view.js";

export interface PlanCommandOptions {
  readonly file: string;
  readonly set: readonly string[];
  readonly distro: string;
  readonly root: string | undefined;
  readonly only: readonly string[];
  readonly json: boolean;
  readonly detailedExitcode: boolean;
  readonly color: boolean;
  /** `apply --remove-firewall --dry-run` plans the removal. */
  readonly removeFirewall?: boolean;
}

/** Prints an error the way every provisioning command does; returns its exit code. */
/**
 * Prints why a plan or apply could not run and gives the exit code. With
 * --json, standard output still gets one JSON document, so a script reading
 * it never has to parse text; the human-readable lines go to stderr as usual.
 */
export function reportError(err: unknown, io: Io, json = false): number {
  if (err instanceof ProfileError) {
    for (const p of err.problems) io.stderr(formatProblem(p) + "\n");
    io.stderr(`${err.problems.filter((p) => p.severity === "error").length} error(s) in the profile; nothing was changed\n`);
    if (json) io.stdout(JSON.stringify({ ok: false, error: "invalid profile", problems: err.problems.map((p) => ({ ...p, location: formatOrigin(p.origin) })) }, null, 2) + "\n");
    return 1;
  }
  if (err instanceof FtpctlError) {
    io.stderr(`ftpctl: ${err.message}\n`);
    if (json) io.stdout(JSON.stringify({ ok: false, error: err.message }, null, 2) + "\n");
    return err.exitCode;
  }
  throw err;
}

export function warn(prepared: Prepared, io: Io): void {
  for (const w of prepared.warnings) io.stderr(`${formatOrigin(w.origin)}: warning: ${w.message}\n`);
}

/**
 * Loads, prepares and plans: the part plan and apply share. Planning runs
 * through a read-only recorder, so a resource that tried to change anything
 * while planning would fail instead.
 */
export async function preparePlan(opts: PlanCommandOptions, io: Io, exec?: Executor): Promise<{ prepared: Prepared; plan: Plan; exec: Executor }> {
  const o = { ...opts, root: checkRoot(opts.root) };
  const prepared = await prepare({
    file: o.file,
    set: o.set,
    distro: o.distro,
    ...(o.root !== undefined ? { root: o.root } : {}),
    removeFirewall: o.removeFirewall ?? false,
    only: o.only,
    secretInput: secretInputFromStdin(process.env),
  });
  warn(prepared, io);
  const ex = exec ?? new LocalExecutor(o.root !== undefined ? { root: o.root } : {});
  const assembly = assemble({ ctx: prepared.ctx, rendered: prepared.rendered, secrets: prepared.secrets, ...(prepared.only ? { only: prepared.only } : {}) });
  const plan = await makePlan(assembly, new RecordingExecutor(ex, true));
  return { prepared, plan, exec: ex };
}

export async function planCommand(o: PlanCommandOptions, io: Io): Promise<number> {
  try {
    const { prepared, plan } = await preparePlan(o, io);
    if (o.json) io.stdout(JSON.stringify(planJson(plan, prepared.ctx), null, 2) + "\n");
    else io.stdout(formatPlan(plan, prepared.ctx, { color: o.color }));
    return o.detailedExitcode && countPlan(plan).change > 0 ? 2 : 0;
  } catch (err) {
    const code = reportError(err, io, o.json);
    return o.detailedExitcode ? 1 : code;
  }
}
