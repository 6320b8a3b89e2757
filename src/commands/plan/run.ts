/**
 * `ftpctl plan`: what apply would change, step by step, changing nothing.
 * Exit codes: 0 done (with --detailed-exitcode: 0 no changes, 2 changes
 * pending), 1 any error. Under --detailed-exitcode every error is 1, so a
 * script never mistakes one for "changes pending".
 */
import { hostname } from "node:os";
import type { Io } from "../../core/io.js";
import { FtpctlError, UsageError } from "../../core/errors.js";
import { shown } from "../../core/shown.js";
import { VERSION } from "../../core/version.js";
import { readProfileFile } from "../../profile/load.js";
import { formatOrigin, formatProblem, ProfileError } from "../../profile/errors.js";
import type { Executor } from "../../provision/executor.js";
import { LocalExecutor } from "../../provision/local-executor.js";
import { assemble, countPlan, makePlan, type Plan } from "../../provision/plan.js";
import { checkRoot, prepare, type Prepared } from "../../provision/prepare.js";
import { RecordingExecutor } from "../../provision/recording-executor.js";
import { refuseRootWithSsh, withSsh } from "../../remote/connect.js";
import { savePlan } from "../../provision/saved-plan-apply.js";
import { checkPlanOutput } from "../../provision/saved-plan.js";
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
  /** `plan --output FILE`: also save the plan for `apply FILE` ("-": standard output). */
  readonly out?: string;
  /** The profile's text when it was read already (to be saved with the plan). */
  readonly text?: string;
  /** `--ssh [user@]host[:port]`: plan for that server, over ssh. */
  readonly ssh?: string;
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
export async function preparePlan(opts: PlanCommandOptions, io: Io, exec?: Executor, remote?: Executor): Promise<{ prepared: Prepared; plan: Plan; exec: Executor }> {
  refuseRootWithSsh(opts.root, opts.ssh);
  const o = { ...opts, root: checkRoot(opts.root) };
  const prepared = await prepare({
    file: o.file,
    ...(o.text !== undefined ? { text: o.text } : {}),
    set: o.set,
    distro: o.distro,
    ...(o.root !== undefined ? { root: o.root } : {}),
    removeFirewall: o.removeFirewall ?? false,
    only: o.only,
    secretInput: secretInputFromStdin(process.env),
    ...(remote ? { remote } : {}),
  });
  warn(prepared, io);
  const ex = exec ?? new LocalExecutor(o.root !== undefined ? { root: o.root } : {});
  const assembly = assemble({ ctx: prepared.ctx, rendered: prepared.rendered, secrets: prepared.secrets, ...(prepared.only ? { only: prepared.only } : {}) });
  const plan = await makePlan(assembly, new RecordingExecutor(ex, true));
  return { prepared, plan, exec: ex };
}

export async function planCommand(o: PlanCommandOptions, io: Io): Promise<number> {
  try {
    if (o.out === "-" && o.json) throw new UsageError("--output - and --json both write to standard output; save the plan to a file, or leave out --json");
    refuseRootWithSsh(o.root, o.ssh);
    if (o.ssh !== undefined && o.out !== undefined) throw new UsageError("--output and --ssh do not go together yet: a saved plan is applied on the host it was made on");
    if (o.out !== undefined && o.out !== "-") checkPlanOutput(o.out);
    const text = o.out !== undefined ? readProfileFile(o.file) : undefined;
    const made = await withSsh(o.ssh, (remote) => preparePlan({ ...o, ...(text !== undefined ? { text } : {}) }, io, remote?.exec, remote?.exec));
    const { prepared, plan } = made;
    const view = o.json ? JSON.stringify(planJson(plan, prepared.ctx), null, 2) + "\n" : formatPlan(plan, prepared.ctx, { color: o.color && o.out !== "-" });
    if (o.out !== undefined) {
      const doc = await savePlan({ out: o.out, file: o.file, text: text!, set: o.set, removeFirewall: o.removeFirewall ?? false, hostname: hostname(), ftpctl: VERSION }, made);
      if (doc !== undefined) {
        // The plan file is standard output; the plan for people goes to stderr.
        io.stderr(view);
        io.stdout(doc);
      } else {
        io.stdout(view);
        (o.json ? io.stderr : io.stdout)(`Saved the plan to ${shown(o.out)}; apply exactly this plan with: ftpctl apply ${shown(o.out)}\n`);
      }
    } else io.stdout(view);
    return o.detailedExitcode && countPlan(plan).change > 0 ? 2 : 0;
  } catch (err) {
    const code = reportError(err, io, o.json);
    return o.detailedExitcode ? 1 : code;
  }
}
