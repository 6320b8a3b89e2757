/**
 * Files and directories with exact contents, owner and mode: the building
 * blocks of the config, list, PAM and directory resources. Planning reads;
 * applying reads again (an earlier step, such as a package install, may have
 * created the file meanwhile), writes atomically and returns an undo that
 * puts back what it found.
 */
import { createTwoFilesPatch } from "diff";
import { posix } from "node:path";
import type { Executor, FileStat } from "./executor.js";
import type { Action } from "./resource.js";
import { InputError } from "../core/errors.js";
import { PlanError } from "./errors.js";

export type Undo = () => Promise<void>;

export const fmtMode = (m: number): string => `0${(m & 0o7777).toString(8).padStart(3, "0")}`;

export const fmtOwner = (uid: number, gid: number): string => (uid === 0 && gid === 0 ? "root:root" : `${uid}:${gid}`);

/**
 * Missing ancestors of `path`, outermost first, where they really are: the
 * links on the way are followed through the executor first (under --root,
 * inside the staging tree, as chroot would), so a Debian tree's
 * `var/run -> /run` without a `run` yields DIR/run to create, not a
 * `var/run/x` whose mkdir would fail. Paths that differ from the ones
 * written are what the plan shows.
 */
export async function missingParents(exec: Executor, path: string): Promise<string[]> {
  const written = posix.dirname(path);
  const real = exec.realpath ? await exec.realpath(written) : written;
  const out: string[] = [];
  for (let dir = real; dir !== "/"; dir = posix.dirname(dir)) {
    const st = await exec.stat(dir);
    if (st) {
      // After realpath no link is left on the way; an executor without it is trusted with links.
      const ok = st.type === "dir" || (st.type === "link" && !exec.realpath);
      if (!ok) throw new PlanError(`${dir}${dir === written ? "" : ` (where ${written} leads)`} exists but is not a directory, so ${path} cannot be created`);
      break;
    }
    out.unshift(dir);
  }
  return out;
}

/** Creates missing ancestors root-owned 0755, like `mkdir -p`; the undo removes them again (when empty). */
export async function createParents(exec: Executor, path: string): Promise<Undo | undefined> {
  const made: string[] = [];
  for (const dir of await missingParents(exec, path)) {
    await exec.mkdir(dir, { mode: 0o755, uid: 0, gid: 0 });
    made.push(dir);
  }
  if (!made.length) return undefined;
  return async () => {
    for (const dir of made.reverse()) await exec.remove(dir);
  };
}

export interface FileSpec {
  readonly path: string;
  readonly content: string;
  /** Mode for a new file; an existing file keeps its own unless `enforceMode`. Group/other write is always removed. */
  readonly mode: number;
  readonly enforceMode?: boolean;
  readonly uid: number;
  readonly gid: number;
  /** Keep the previous contents here before replacing them. */
  readonly backup?: string;
}

export interface FilePlan {
  readonly action: Action;
  readonly before: string;
  readonly after: string;
  readonly diff?: string;
  readonly details: string[];
}

function desiredMode(spec: FileSpec, st: FileStat | undefined): number {
  const base = st && !spec.enforceMode ? st.mode : spec.mode;
  return base & ~0o022 & 0o7777;
}

export function unifiedDiff(path: string, before: string, after: string): string {
  const lines = createTwoFilesPatch(path, path, before, after, "current", "planned", { context: 3 }).split("\n");
  // Drop the "Index:" and "====" lines: a unified diff starts at "---".
  return lines.slice(Math.max(0, lines.findIndex((l) => l.startsWith("--- ")))).join("\n").trimEnd();
}

/**
 * A FIFO, device or socket where a file is to be written is unusable input,
 * not a plan finding: one line in the words every writer uses, exit 2
 * (a link keeps its own message and hint below).
 */
function refuseSpecial(path: string, st: FileStat | undefined): void {
  if (st?.type === "other") throw new InputError(path, `is ${st.kind ?? "not a regular file"}; refusing to replace it`);
}

export async function planFile(exec: Executor, spec: FileSpec, opts: { diff: boolean }): Promise<FilePlan> {
  const st = await exec.stat(spec.path);
  refuseSpecial(spec.path, st);
  if (st && st.type !== "file") {
    throw new PlanError(
      `${spec.path} is ${st.type === "link" ? "a symbolic link" : st.type === "dir" ? "a directory" : "not a regular file"}; refusing to replace it`,
      st.type === "link" ? "replace the link with the file it points to, or remove it, then run again" : undefined,
    );
  }
  const mode = desiredMode(spec, st);
  const lines = (s: string) => `${s.split("\n").length - (s.endsWith("\n") ? 1 : 0)} lines`;
  const after = `${lines(spec.content)}, ${fmtMode(mode)}, owner ${fmtOwner(spec.uid, spec.gid)}`;
  if (!st) {
    return {
      action: "create",
      before: "absent",
      after,
      details: [],
      ...(opts.diff ? { diff: unifiedDiff(spec.path, "", spec.content) } : {}),
    };
  }
  const current = (await exec.readFile(spec.path))?.toString("utf8") ?? "";
  const details: string[] = [];
  if (current !== spec.content) details.push("contents");
  if (st.mode !== mode) details.push(`mode ${fmtMode(st.mode)} -> ${fmtMode(mode)}`);
  if (st.uid !== spec.uid || st.gid !== spec.gid) details.push(`owner ${fmtOwner(st.uid, st.gid)} -> ${fmtOwner(spec.uid, spec.gid)}`);
  const before = `${lines(current)}, ${fmtMode(st.mode)}, owner ${fmtOwner(st.uid, st.gid)}`;
  if (!details.length) return { action: "noop", before, after: before, details };
  return {
    action: "update",
    before,
    after,
    details,
    ...(opts.diff && current !== spec.content ? { diff: unifiedDiff(spec.path, current, spec.content) } : {}),
  };
}

/** Writes the file as specified, whatever is there now; returns the undo, or nothing when it was already right. */
export async function applyFile(exec: Executor, spec: FileSpec): Promise<Undo | undefined> {
  const st = await exec.stat(spec.path);
  refuseSpecial(spec.path, st);
  if (st && st.type !== "file") throw new PlanError(`${spec.path} is no longer a regular file; refusing to replace it`);
  const mode = desiredMode(spec, st);
  const previous = st ? await exec.readFile(spec.path) : undefined;
  if (st && previous && previous.toString("utf8") === spec.content && st.mode === mode && st.uid === spec.uid && st.gid === spec.gid) return undefined;
  const undoParents = st ? undefined : await createParents(exec, spec.path);
  let undoBackup: Undo | undefined;
  if (spec.backup && st && previous && previous.toString("utf8") !== spec.content) {
    const bst = await exec.stat(spec.backup);
    const oldBackup = bst?.type === "file" ? await exec.readFile(spec.backup) : undefined;
    await exec.writeFile(spec.backup, previous, { mode: st.mode, uid: st.uid, gid: st.gid });
    undoBackup = async () => {
      if (oldBackup && bst) await exec.writeFile(spec.backup!, oldBackup, { mode: bst.mode, uid: bst.uid, gid: bst.gid });
      else await exec.remove(spec.backup!);
    };
  }
  await exec.writeFile(spec.path, spec.content, { mode, uid: spec.uid, gid: spec.gid });
  return async () => {
    if (st && previous) await exec.writeFile(spec.path, previous, { mode: st.mode, uid: st.uid, gid: st.gid });
    else await exec.remove(spec.path);
    await undoBackup?.();
    await undoParents?.();
  };
}
