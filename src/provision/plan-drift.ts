/**
 * Whether a saved plan still holds: every resource is read again, and what
 * it would do now is compared with what the file says, field by field (all
 * but the reason, which only explains). A
 * resource whose observed state differs (its "before", the contents a diff
 * was made from, or its very presence) changed on the host; one that differs
 * only in what it would do follows from those (the service restarts
 * because the config changed). Either way the plan is refused as a whole.
 */
import { FtpctlError } from "../core/errors.js";
import { oneLine } from "../core/shown.js";
import type { Plan } from "./plan.js";
import { savedChange, type SavedChange, type SavedPlan } from "./saved-plan.js";

export interface Drift {
  readonly id: string;
  readonly kind: string;
  /** The change as saved, or undefined when the resource was not in the plan. */
  readonly planned?: SavedChange;
  /** The change as planned now, or undefined when it is no longer planned. */
  readonly now?: SavedChange;
  /** True when the resource's observed state differs; false when only what it would do does. */
  readonly observed: boolean;
}

/**
 * Equal in everything apply acts on or the plan showed as state; the `reason` is
 * explanation only (and may say how soon a certificate expires, which changes by the clock alone).
 */
const same = (a: SavedChange, b: SavedChange): boolean => JSON.stringify({ ...a, reason: undefined }) === JSON.stringify({ ...b, reason: undefined });

/** Keys changes by step and id; an id that occurs twice in a step is told apart by its position. */
function keyed(steps: readonly { kind: string; changes: readonly SavedChange[] }[]): Map<string, { kind: string; change: SavedChange }> {
  const out = new Map<string, { kind: string; change: SavedChange }>();
  for (const s of steps) {
    const seen = new Map<string, number>();
    for (const c of s.changes) {
      const n = seen.get(c.id) ?? 0;
      seen.set(c.id, n + 1);
      out.set(`${s.kind}\0${c.id}\0${n}`, { kind: s.kind, change: c });
    }
  }
  return out;
}

/** Every resource whose change now differs from the saved one, in plan order; empty when the plan holds. */
export function planDrift(saved: SavedPlan, fresh: Plan): Drift[] {
  const was = keyed(saved.steps);
  const now = keyed(fresh.steps.map((s) => ({ kind: s.resource.kind, changes: s.changes.map(savedChange) })));
  const out: Drift[] = [];
  for (const [key, n] of now) {
    const p = was.get(key);
    if (!p) {
      out.push({ id: n.change.id, kind: n.kind, now: n.change, observed: true });
      continue;
    }
    if (same(p.change, n.change)) continue;
    const observed = p.change.before !== n.change.before || p.change.diff !== n.change.diff || p.change.skipped !== n.change.skipped;
    out.push({ id: n.change.id, kind: n.kind, planned: p.change, now: n.change, observed });
  }
  for (const [key, p] of was) if (!now.has(key)) out.push({ id: p.change.id, kind: p.kind, planned: p.change, observed: true });
  return out;
}

function describe(d: Drift): string {
  if (!d.now) return `${d.id} (planned: ${d.planned!.summary}; no longer found)`;
  if (!d.planned) return `${d.id} (not in the plan; now: ${d.now.summary})`;
  if (d.planned.before !== undefined && d.now.before !== undefined && d.planned.before !== d.now.before) return `${d.id} (was ${d.planned.before}, now ${d.now.before})`;
  return `${d.id} (planned: ${d.planned.summary}; now: ${d.now.summary})`;
}

/** The host is not what the plan was made from: exit 1, nothing touched. */
export class StalePlanError extends FtpctlError {
  constructor(
    readonly file: string,
    readonly drift: readonly Drift[],
  ) {
    const changed = drift.filter((d) => d.observed);
    const shown = changed.length ? changed : drift;
    const follows = changed.length ? drift.filter((d) => !d.observed).map((d) => d.id) : [];
    super(oneLine(
      `${file}: the host changed since this plan was made: ${shown.map(describe).join("; ")}` +
        `${follows.length ? `; so ${follows.join(", ")} would differ too` : ""}` +
        `; refusing to apply it, nothing was changed (make a new plan with 'ftpctl plan --output ${file}')`,
    ));
  }
}
