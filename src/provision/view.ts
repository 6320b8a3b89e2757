/**
 * How plans and apply results look: text for people (every step, with
 * before/after, why, and the config diff), JSON for machines. No logic.
 */
import type { ApplyResult } from "./apply.js";
import type { ProvisionContext } from "./context.js";
import { countPlan, type Plan } from "./plan.js";
import { ACTION_GLYPH, type Change } from "./resource.js";
import { configPath } from "./resources/config.js";

const C = { green: "\x1b[32m", yellow: "\x1b[33m", red: "\x1b[31m", cyan: "\x1b[36m", dim: "\x1b[2m", bold: "\x1b[1m", reset: "\x1b[0m" } as const;

export interface ViewOptions {
  readonly color: boolean;
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;

function paint(on: boolean, color: keyof typeof C, text: string): string {
  return on ? `${C[color]}${text}${C.reset}` : text;
}

function glyphColor(c: Change): keyof typeof C {
  if (c.skipped !== undefined) return "dim";
  return c.action === "create" ? "green" : c.action === "update" ? "yellow" : c.action === "delete" ? "red" : "dim";
}

function diffLine(line: string, color: boolean): string {
  if (!color) return line;
  if (line.startsWith("+") && !line.startsWith("+++")) return paint(true, "green", line);
  if (line.startsWith("-") && !line.startsWith("---")) return paint(true, "red", line);
  if (line.startsWith("@@")) return paint(true, "cyan", line);
  return line;
}

export function planHeader(ctx: ProvisionContext): string {
  const where = ctx.root !== undefined ? `, staging root ${ctx.root}` : "";
  return `ftpctl plan for ${ctx.source}: vsftpd 3.0.3 (${ctx.distro} build), config ${configPath(ctx)}${where}`;
}

export function formatPlan(plan: Plan, ctx: ProvisionContext, v: ViewOptions): string {
  const out: string[] = [planHeader(ctx), ""];
  for (const step of plan.steps) {
    if (!step.changes.length) continue;
    out.push(paint(v.color, "bold", step.resource.kind));
    for (const c of step.changes) {
      const glyph = c.skipped !== undefined ? "·" : ACTION_GLYPH[c.action];
      const tail = c.skipped !== undefined ? paint(v.color, "dim", " (skipped under --root)") : "";
      out.push(`  ${paint(v.color, glyphColor(c), glyph)} ${c.summary}${tail}`);
      if (c.action === "noop" && c.skipped === undefined) {
        if (c.reason) out.push(`      ${paint(v.color, "dim", `note: ${c.reason}`)}`);
        continue;
      }
      if (c.before !== undefined) out.push(`      before: ${c.before}`);
      if (c.after !== undefined) out.push(`      after:  ${c.after}`);
      if (c.reason) out.push(`      why:    ${c.reason}`);
      if (c.diff) for (const line of c.diff.split("\n")) out.push(`      ${diffLine(line, v.color)}`);
    }
  }
  const n = countPlan(plan);
  out.push("", planSummary(n.change, n.ok, n.skipped));
  return out.join("\n") + "\n";
}

export function planSummary(change: number, ok: number, skipped: number): string {
  const skip = skipped ? `, ${skipped} skipped under --root` : "";
  return change === 0 ? `No changes: ${ok} ok${skip}.` : `Plan: ${plural(change, "change")} to make, ${ok} ok${skip}.`;
}

function changeJson(c: Change): Record<string, unknown> {
  const { id, action, summary, before, after, reason, diff, skipped } = c;
  return { id, action, summary, before, after, reason, diff, skipped };
}

export function planJson(plan: Plan, ctx: ProvisionContext): Record<string, unknown> {
  const n = countPlan(plan);
  return {
    profile: ctx.source,
    distro: ctx.distro,
    config: configPath(ctx),
    root: ctx.root ?? null,
    steps: plan.steps.map((s) => ({ kind: s.resource.kind, changes: s.changes.map(changeJson) })),
    summary: { change: n.change, ok: n.ok, skipped: n.skipped },
  };
}

export function applySummary(r: ApplyResult): string {
  const c = r.counts;
  const skip = c.skipped ? `, ${c.skipped} skipped under --root` : "";
  if (!r.failed) return `${c.changed} changed, ${c.ok} ok${skip}`;
  return `${r.interrupted !== undefined ? `apply interrupted by ${r.interrupted}` : `apply failed at ${r.failed.id}`}; ${r.rolledBack} change${r.rolledBack === 1 ? "" : "s"} rolled back${r.rollbackErrors.length ? `, ${r.rollbackErrors.length} could not be undone` : ""}`;
}

export function applyJson(plan: Plan, ctx: ProvisionContext, r: ApplyResult): Record<string, unknown> {
  return {
    ...planJson(plan, ctx),
    results: r.results,
    failed: r.failed ?? null,
    interrupted: r.interrupted ?? null,
    rolledBack: r.rolledBack,
    rollbackErrors: r.rollbackErrors,
    summary: r.counts,
  };
}
