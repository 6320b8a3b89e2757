/**
 * Both ends of a saved plan that touch the machine (reads only): making the
 * document from a plan just made, and reopening one before `apply FILE`.
 * Reopening prepares the profile the file holds exactly as `plan` did
 * (same text, --set, build, staging tree, steps), reads every resource
 * again, and returns the plan only when every change is the one saved; so
 * what apply then makes is exactly what the file says, and nothing else.
 */
import { resolve } from "node:path";
import { FtpctlError, InputError, UsageError } from "../core/errors.js";
import { oneLine } from "../core/shown.js";
import type { Executor } from "./executor.js";
import { assemble, makePlan, type Plan } from "./plan.js";
import { planDrift, StalePlanError } from "./plan-drift.js";
import { checkRoot, prepare, type Prepared } from "./prepare.js";
import { RecordingExecutor } from "./recording-executor.js";
import { configPath } from "./resources/config.js";
import { planTarget, savedPlan, serializePlan, writeSavedPlan, type PlanInputs, type PlanTarget, type SavedPlan } from "./saved-plan.js";
import type { SecretInput } from "./secrets.js";

/** The files a profile renders, as the plan records them. */
function renderedFiles(prepared: Prepared): { path: string; text: string }[] {
  return [{ path: configPath(prepared.ctx), text: prepared.rendered.text }];
}

export interface ToSave {
  readonly prepared: Prepared;
  readonly plan: Plan;
  /** The executor the plan was made through (its root and the target's machine id). */
  readonly exec: Executor;
  /** Everything the plan was made from but the prepared profile holds only in part. */
  readonly inputs: PlanInputs;
  readonly hostname: string;
  readonly ftpctl: string;
  readonly now: Date;
}

export async function planDocument(s: ToSave): Promise<SavedPlan> {
  const target = await planTarget(s.exec, s.hostname, s.prepared.ctx.distro);
  return savedPlan({ plan: s.plan, target, profile: s.inputs, files: renderedFiles(s.prepared), ftpctl: s.ftpctl, now: s.now });
}

function where(t: PlanTarget): string {
  const tree = t.root !== null ? `the staging tree ${t.root} on ` : "";
  return `${tree}${t.hostname}${t.machineId ? ` (machine id ${t.machineId.slice(0, 12)}…)` : ""}`;
}

/**
 * The staging tree the plan was made for, checked as --root is (a tree that
 * is gone is a usage error); a --root given with `apply FILE` must name the
 * same one.
 */
export function savedRoot(saved: SavedPlan, given: string | undefined): string | undefined {
  const root = saved.target.root === null ? undefined : checkRoot(saved.target.root);
  if (given !== undefined && checkRoot(given) !== root) {
    throw new UsageError(oneLine(`--root ${given}: the saved plan is for ${saved.target.root === null ? "this host, not a staging tree" : `--root ${saved.target.root}`}; leave --root out with a saved plan`));
  }
  return root;
}

export interface Reopen {
  /** The plan file, for messages. */
  readonly file: string;
  readonly saved: SavedPlan;
  /** Reads the target: on this host, or inside the saved staging tree (savedRoot). */
  readonly exec: Executor;
  readonly hostname: string;
  readonly secretInput: SecretInput;
}

/**
 * Prepares and plans again from what the file holds; throws StalePlanError
 * (exit 1) naming every resource that is no longer as planned, and refuses a
 * plan made for another machine or staging tree. Reads only.
 */
export async function reopenSavedPlan(r: Reopen): Promise<{ prepared: Prepared; plan: Plan }> {
  const { saved, file } = r;
  const here = await planTarget(r.exec, r.hostname, saved.target.distro);
  if (here.root !== saved.target.root || here.hostname !== saved.target.hostname || here.machineId !== saved.target.machineId) {
    throw new FtpctlError(oneLine(`${file}: the plan was made for ${where(saved.target)}, and this is ${where(here)}; apply it there, or make a new plan here`));
  }
  const p = saved.profile;
  const prepared = await prepare({
    file: p.source,
    text: p.text,
    set: p.set,
    distro: saved.target.distro,
    ...(saved.target.root !== null ? { root: saved.target.root } : {}),
    removeFirewall: p.removeFirewall,
    ...(p.only !== null ? { only: p.only } : {}),
    secretInput: r.secretInput,
  });
  if (JSON.stringify(renderedFiles(prepared)) !== JSON.stringify(saved.files)) {
    throw new InputError(file, "the profile it holds no longer renders the config it records; make a new plan with 'ftpctl plan --output FILE'");
  }
  const assembly = assemble({ ctx: prepared.ctx, rendered: prepared.rendered, secrets: prepared.secrets, ...(prepared.only ? { only: prepared.only } : {}) });
  const plan = await makePlan(assembly, new RecordingExecutor(r.exec, true));
  const drift = planDrift(saved, plan);
  if (drift.length) throw new StalePlanError(file, drift);
  return { prepared, plan };
}

export interface SaveRequest {
  /** `--output`: a path, or "-" for standard output. */
  readonly out: string;
  /** The profile as named, and its text as read once for both the plan and the file. */
  readonly file: string;
  readonly text: string;
  readonly set: readonly string[];
  readonly removeFirewall: boolean;
  readonly hostname: string;
  readonly ftpctl: string;
}

/**
 * `plan --output`: the document for a plan just made, written 0600 to the path,
 * or returned as text for `--output -`.
 */
export async function savePlan(req: SaveRequest, made: { readonly prepared: Prepared; readonly plan: Plan; readonly exec: Executor }): Promise<string | undefined> {
  const inputs: PlanInputs = {
    source: req.file === "-" ? "-" : resolve(req.file),
    text: req.text,
    set: [...req.set],
    only: made.prepared.only ? [...made.prepared.only] : null,
    removeFirewall: req.removeFirewall,
  };
  const doc = await planDocument({ ...made, inputs, hostname: req.hostname, ftpctl: req.ftpctl, now: new Date() });
  const text = serializePlan(doc);
  if (req.out === "-") return text;
  writeSavedPlan(req.out, text);
  return undefined;
}
