/**
 * The saved plan file (`plan --output FILE`, `apply FILE`): everything needed to
 * apply exactly what was shown, and to notice when that is no longer what
 * the host needs. It holds the profile's text (the options, lists and
 * rendered config follow from it), the rendered config for the record, the
 * target, and every planned change with the state it was planned from. No
 * secret is ever in it: passwords are read again at apply time from the
 * sources the profile names, and only their verdict ("current",
 * "differs") is compared. Written 0600 all the same: it describes the host.
 *
 * A checksum over the document catches a file edited after ftpctl wrote it;
 * the strict check of every field catches a file ftpctl did not write.
 */
import { createHash } from "node:crypto";
import { errnoCode } from "../core/errno.js";
import { InputError, UsageError } from "../core/errors.js";
import { oneLine } from "../core/shown.js";
import { checkTarget, PRIVATE_MODE, writeFile } from "../core/atomic-write.js";
import { readInput, type InputKind } from "../core/read-input.js";
import { DISTROS, type Distro } from "../vsftpd/option-spec.js";
import type { Executor } from "./executor.js";
import { KINDS } from "./kinds.js";
import { countPlan, type Plan } from "./plan.js";
import { ACTION_GLYPH, type Action, type Change } from "./resource.js";

export const PLAN_FORMAT = "ftpctl-plan";
export const PLAN_FORMAT_VERSION = 1;

/** The config twice (rendered, and in a diff) plus the other files' diffs: a few hundred kilobytes at most. */
export const PLAN_INPUT: InputKind = { noun: "a saved plan", tooLargeFor: "a saved plan", maxBytes: 16 * 1024 * 1024 };

/** Where a plan was made: the same machine (and staging tree) must apply it. */
export interface PlanTarget {
  /** The staging tree's real path, or null for this host. */
  readonly root: string | null;
  readonly hostname: string;
  /** /etc/machine-id of the target (inside the staging tree under --root), or null when it has none. */
  readonly machineId: string | null;
  readonly distro: Distro;
}

/** What the plan was made from: the profile as read, and the flags that shaped it. */
export interface PlanInputs {
  /** The profile as named on the command line, made absolute ("-" for standard input). */
  readonly source: string;
  readonly text: string;
  readonly set: readonly string[];
  /** `--only`, or null for every step. */
  readonly only: readonly string[] | null;
  readonly removeFirewall: boolean;
}

/** A planned change as the file holds it: the planner's own record, which never holds secrets. */
export type SavedChange = Change;

export interface SavedStep {
  readonly kind: string;
  readonly changes: readonly SavedChange[];
}

export interface SavedPlan {
  readonly format: typeof PLAN_FORMAT;
  readonly version: typeof PLAN_FORMAT_VERSION;
  /** The ftpctl that wrote it; only the same version applies it (resources may plan differently in another). */
  readonly ftpctl: string;
  readonly created: string;
  readonly target: PlanTarget;
  readonly profile: PlanInputs;
  /** The files the profile renders, for the record (apply renders them again and checks they agree). */
  readonly files: readonly { readonly path: string; readonly text: string }[];
  readonly steps: readonly SavedStep[];
  readonly summary: { readonly change: number; readonly ok: number; readonly skipped: number };
}

/** A change as the file holds it: exactly the fields a Change serializes to, nothing undefined. */
export function savedChange(c: Change): SavedChange {
  const { id, action, summary, before, after, reason, diff, data, skipped } = c;
  return JSON.parse(JSON.stringify({ id, action, summary, before, after, reason, diff, data, skipped })) as SavedChange;
}

export interface SaveInput {
  readonly plan: Plan;
  readonly target: PlanTarget;
  readonly profile: PlanInputs;
  readonly files: readonly { readonly path: string; readonly text: string }[];
  readonly ftpctl: string;
  readonly now: Date;
}

export function savedPlan(i: SaveInput): SavedPlan {
  const n = countPlan(i.plan);
  return {
    format: PLAN_FORMAT,
    version: PLAN_FORMAT_VERSION,
    ftpctl: i.ftpctl,
    created: i.now.toISOString(),
    target: i.target,
    profile: i.profile,
    files: i.files,
    steps: i.plan.steps.map((s) => ({ kind: s.resource.kind, changes: s.changes.map(savedChange) })),
    summary: { change: n.change, ok: n.ok, skipped: n.skipped },
  };
}

function checksum(doc: unknown): string {
  return `sha256:${createHash("sha256").update(JSON.stringify(doc)).digest("hex")}`;
}

export function serializePlan(plan: SavedPlan): string {
  return JSON.stringify({ ...plan, checksum: checksum(plan) }, null, 2) + "\n";
}

/** This host's identity as the plan records it; under --root the machine id is the staging tree's. */
export async function planTarget(exec: Executor, hostname: string, distro: Distro): Promise<PlanTarget> {
  const id = (await exec.readFile("/etc/machine-id"))?.toString("utf8").trim();
  return { root: exec.root ?? null, hostname, machineId: id ? id : null, distro };
}

/** True when the bytes are meant as a saved plan (a JSON object with a `format`), whether or not they are a good one. */
export function looksLikeSavedPlan(bytes: Buffer): boolean {
  const text = bytes.toString("utf8").trimStart();
  if (!text.startsWith("{")) return false;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === "object" && v !== null && !Array.isArray(v) && Object.hasOwn(v, "format");
  } catch {
    return false;
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Strict field checks: every problem is one InputError naming the file and the field. */
class Check {
  constructor(private readonly shown: string) {}
  fail(where: string, what: string): never {
    throw new InputError(this.shown, `not a valid saved plan: ${where} ${what}; make a new one with 'ftpctl plan --output FILE'`);
  }
  obj(v: unknown, where: string, keys: readonly string[], optional: readonly string[] = []): Obj {
    if (!isObj(v)) this.fail(where, "is not an object");
    for (const k of Object.keys(v)) if (!keys.includes(k) && !optional.includes(k)) this.fail(`${where}.${k}`, "is not a field of a saved plan");
    for (const k of keys) if (!Object.hasOwn(v, k)) this.fail(`${where}.${k}`, "is missing");
    return v;
  }
  str(v: unknown, where: string): string {
    if (typeof v !== "string") this.fail(where, "is not a string");
    return v;
  }
  strOrNull(v: unknown, where: string): string | null {
    return v === null ? null : this.str(v, where);
  }
  int(v: unknown, where: string): number {
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) this.fail(where, "is not a count");
    return v;
  }
  bool(v: unknown, where: string): boolean {
    if (typeof v !== "boolean") this.fail(where, "is not true or false");
    return v;
  }
  strs(v: unknown, where: string): string[] {
    if (!Array.isArray(v)) this.fail(where, "is not a list");
    return v.map((s, i) => this.str(s, `${where}[${i}]`));
  }
  oneOf<T extends string>(v: unknown, where: string, allowed: readonly T[]): T {
    if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) this.fail(where, `is not one of ${allowed.join(", ")}`);
    return v as T;
  }
}

const ACTIONS = Object.keys(ACTION_GLYPH) as Action[];
const CHANGE_OPTIONAL = ["before", "after", "reason", "diff", "data", "skipped"] as const;

function checkChange(c: Check, v: unknown, where: string): SavedChange {
  const o = c.obj(v, where, ["id", "action", "summary"], CHANGE_OPTIONAL);
  c.str(o["id"], `${where}.id`);
  c.oneOf(o["action"], `${where}.action`, ACTIONS);
  c.str(o["summary"], `${where}.summary`);
  for (const k of CHANGE_OPTIONAL) if (k !== "data" && Object.hasOwn(o, k)) c.str(o[k], `${where}.${k}`);
  return o as unknown as SavedChange;
}

/**
 * Reads a saved plan strictly: JSON, the format marker and version, the
 * checksum (an edited file is refused), this ftpctl's version, then every
 * field. Any failure is one InputError line, exit 2.
 */
export function parseSavedPlan(bytes: Buffer, shown: string, version: string): SavedPlan {
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new InputError(shown, "not a saved plan: not JSON");
  }
  if (!isObj(doc) || doc["format"] !== PLAN_FORMAT) throw new InputError(shown, `not an ftpctl saved plan (no "format": "${PLAN_FORMAT}")`);
  if (doc["version"] !== PLAN_FORMAT_VERSION) {
    throw new InputError(shown, `saved plan format version ${JSON.stringify(doc["version"])}; this ftpctl reads version ${PLAN_FORMAT_VERSION}: make a new plan with 'ftpctl plan --output FILE'`);
  }
  const { checksum: sum, ...rest } = doc;
  if (sum !== checksum(rest)) throw new InputError(shown, "the saved plan was changed after ftpctl wrote it (its checksum does not match); make a new plan with 'ftpctl plan --output FILE'");
  const c = new Check(shown);
  const o = c.obj(rest, "the plan", ["format", "version", "ftpctl", "created", "target", "profile", "files", "steps", "summary"]);
  const made = c.str(o["ftpctl"], "ftpctl");
  if (made !== version) throw new InputError(shown, `the plan was made by ftpctl ${made}, and this is ftpctl ${version}; make a new plan with this version`);
  c.str(o["created"], "created");
  const t = c.obj(o["target"], "target", ["root", "hostname", "machineId", "distro"]);
  c.strOrNull(t["root"], "target.root");
  c.str(t["hostname"], "target.hostname");
  c.strOrNull(t["machineId"], "target.machineId");
  c.oneOf(t["distro"], "target.distro", DISTROS);
  const p = c.obj(o["profile"], "profile", ["source", "text", "set", "only", "removeFirewall"]);
  c.str(p["source"], "profile.source");
  c.str(p["text"], "profile.text");
  c.strs(p["set"], "profile.set");
  if (p["only"] !== null) c.strs(p["only"], "profile.only");
  c.bool(p["removeFirewall"], "profile.removeFirewall");
  if (!Array.isArray(o["files"])) c.fail("files", "is not a list");
  (o["files"] as unknown[]).forEach((f, i) => {
    const fo = c.obj(f, `files[${i}]`, ["path", "text"]);
    c.str(fo["path"], `files[${i}].path`);
    c.str(fo["text"], `files[${i}].text`);
  });
  if (!Array.isArray(o["steps"])) c.fail("steps", "is not a list");
  (o["steps"] as unknown[]).forEach((s, i) => {
    const so = c.obj(s, `steps[${i}]`, ["kind", "changes"]);
    c.oneOf(so["kind"], `steps[${i}].kind`, KINDS);
    if (!Array.isArray(so["changes"])) c.fail(`steps[${i}].changes`, "is not a list");
    (so["changes"] as unknown[]).forEach((ch, j) => checkChange(c, ch, `steps[${i}].changes[${j}]`));
  });
  const n = c.obj(o["summary"], "summary", ["change", "ok", "skipped"]);
  for (const k of ["change", "ok", "skipped"]) c.int(n[k], `summary.${k}`);
  return o as unknown as SavedPlan;
}

/** Reads FILE through the bounded reader and parses it as a saved plan. */
export function readSavedPlan(file: string, version: string): SavedPlan {
  return parseSavedPlan(readInput(file, PLAN_INPUT), file, version);
}

/**
 * Refuses an existing `--output` that is not a saved plan. Called before the
 * profile is read, so a refusal is the command's only line, and again when
 * writing.
 */
export function checkPlanOutput(path: string): void {
  const target = checkTarget(path, "follow");
  if (!target.existing) return;
  let old: Buffer;
  try {
    old = readInput(path, PLAN_INPUT);
  } catch (err) {
    if (errnoCode(err) === "ENOENT" || (err instanceof InputError && err.code === "ENOENT")) return;
    throw err;
  }
  if (old.length && !looksLikeSavedPlan(old)) throw new UsageError(oneLine(`--output ${path}: the file exists and is not a saved plan; refusing to replace it`));
}

/**
 * Writes the plan file 0600, atomically, following a link the user made to a
 * regular file. It replaces an older saved plan, but never anything else:
 * `plan --output ftpctl.yaml` must not eat the profile.
 */
export function writeSavedPlan(path: string, text: string): void {
  checkPlanOutput(path);
  const owner = { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
  writeFile(path, text, { mode: PRIVATE_MODE, exact: true, owner, links: "follow" });
}

/**
 * What `apply FILE` was given: the saved plan, when FILE is one (by its
 * content), else undefined and FILE is read as a profile, as before. A file
 * that cannot be read is left to the profile reader's own message;
 * standard input is always a profile (it stays free for passwords).
 */
export function savedPlanArgument(file: string, version: string): SavedPlan | undefined {
  if (file === "-") return undefined;
  let bytes: Buffer;
  try {
    bytes = readInput(file, PLAN_INPUT);
  } catch {
    return undefined;
  }
  return looksLikeSavedPlan(bytes) ? parseSavedPlan(bytes, file, version) : undefined;
}

/** The flags a saved plan fixes: given with one, they would mean a plan other than the one saved. */
export function checkSavedPlanFlags(file: string, f: { readonly set: readonly string[]; readonly distro: string; readonly only: readonly string[]; readonly removeFirewall: boolean }): void {
  const given = [...(f.set.length ? ["--set"] : []), ...(f.distro !== "auto" ? ["--distro"] : []), ...(f.only.length ? ["--only"] : []), ...(f.removeFirewall ? ["--remove-firewall"] : [])];
  if (given.length) {
    throw new UsageError(oneLine(`${given.join(", ")}: ${file} is a saved plan, which fixes the profile and these flags; give them to 'ftpctl plan --output' instead`));
  }
}
