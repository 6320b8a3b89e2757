/**
 * The apply engine's side of an interruption, in process: an aborted
 * signal stops the run before the next change and rolls back what was
 * done; a step that fails because the signal killed its command counts as
 * interrupted too; a signal during the last change still undoes the run.
 * (apply-signals.test.ts sends real signals to the real CLI.)
 */
import { describe, expect, it } from "vitest";
import { FtpctlError } from "../../src/core/errors.js";
import { applyPlan } from "../../src/provision/apply.js";
import type { Executor } from "../../src/provision/executor.js";
import type { Plan } from "../../src/provision/plan.js";
import type { Resource } from "../../src/provision/resource.js";

function planOf(n: number, during: (i: number, controller: AbortController) => void, controller: AbortController, log: string[]): Plan {
  const resource: Resource = {
    kind: "directories",
    plan: async () => [],
    async apply(change) {
      const i = Number(change.id.slice(1));
      log.push(`do ${i}`);
      during(i, controller);
      return async () => void log.push(`undo ${i}`);
    },
  };
  return { steps: [{ resource, changes: Array.from({ length: n }, (_, i) => ({ id: `c${i}`, action: "create" as const, summary: `change ${i}` })) }] };
}

const NO_EXEC = {} as Executor;

describe("applyPlan, interrupted", () => {
  it("stops before the next change and undoes the ones made, in reverse", async () => {
    const controller = new AbortController();
    const log: string[] = [];
    const plan = planOf(4, (i, c) => i === 1 && c.abort("SIGTERM"), controller, log);
    const lines: string[] = [];
    const r = await applyPlan(plan, NO_EXEC, { progress: (l) => lines.push(l), signal: controller.signal });
    expect(log).toEqual(["do 0", "do 1", "undo 1", "undo 0"]);
    expect(r.interrupted).toBe("SIGTERM");
    expect(r.failed).toEqual({ id: "c2", message: "interrupted by SIGTERM" });
    expect(r.rolledBack).toBe(2);
    expect(r.results.map((s) => [s.id, s.status, s.note])).toEqual([
      ["c0", "rolled-back", undefined],
      ["c1", "rolled-back", undefined],
      ["c2", "failed", "not attempted: interrupted"],
      ["c3", "failed", "not attempted: interrupted"],
    ]);
    expect(lines).toContain("    interrupted by SIGTERM");
  });

  it("a step that fails of the signal (its command killed by Ctrl-C) counts as interrupted", async () => {
    const controller = new AbortController();
    const log: string[] = [];
    const plan = planOf(3, (i, c) => {
      if (i === 1) {
        c.abort("SIGINT");
        throw new FtpctlError("apt-get: killed by SIGINT");
      }
    }, controller, log);
    const r = await applyPlan(plan, NO_EXEC, { progress: () => {}, signal: controller.signal });
    expect(r.interrupted).toBe("SIGINT");
    expect(r.failed).toEqual({ id: "c1", message: "apt-get: killed by SIGINT" });
    expect(log).toEqual(["do 0", "do 1", "undo 0"]);
  });

  it("a signal during the last change still rolls the run back", async () => {
    const controller = new AbortController();
    const log: string[] = [];
    const plan = planOf(2, (i, c) => i === 1 && c.abort("SIGINT"), controller, log);
    const r = await applyPlan(plan, NO_EXEC, { progress: () => {}, signal: controller.signal });
    expect(r.interrupted).toBe("SIGINT");
    expect(log).toEqual(["do 0", "do 1", "undo 1", "undo 0"]);
  });

  it("without a signal, or one never aborted, nothing changes", async () => {
    const log: string[] = [];
    const r = await applyPlan(planOf(2, () => {}, new AbortController(), log), NO_EXEC, { progress: () => {}, signal: new AbortController().signal });
    expect([r.failed, r.interrupted, r.counts.changed]).toEqual([undefined, undefined, 2]);
  });
});
