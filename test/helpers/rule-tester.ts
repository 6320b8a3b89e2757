/**
 * ESLint-style valid/invalid tables for one rule. Each case is a config
 * text; invalid cases list the findings expected from that rule alone.
 * The tester refuses an invalid case without errors and duplicate cases.
 */
import { describe, expect, it } from "vitest";
import type { HostFacts } from "../../src/host/facts.js";
import { lintBytes } from "../../src/lint/linter.js";
import type { LintOptions, Rule, Severity } from "../../src/lint/rule.js";

export interface ExpectedFinding {
  readonly messageId?: string;
  readonly line?: number;
  readonly col?: number;
  readonly severity?: Severity;
  /** Substring the message must contain. */
  readonly contains?: string;
}

export interface Case {
  readonly conf: string;
  readonly name?: string;
  readonly options?: Partial<LintOptions>;
  readonly host?: HostFacts;
}

export interface InvalidCase extends Case {
  readonly errors: readonly ExpectedFinding[];
  /** Expected text after applying the rule's fixes, when the rule is fixable. */
  readonly output?: string;
}

const DEFAULTS: LintOptions = { distro: "debian", standalone: true };

export function runRule(rule: Rule, c: Case) {
  const options = { ...DEFAULTS, ...c.options };
  const host = c.host ?? (rule.host ? undefined : undefined);
  return lintBytes({ file: "t.conf", bytes: Buffer.from(c.conf, "utf8"), options, rules: [rule], ...(host ? { host } : {}) }).findings;
}

export function ruleTester(rule: Rule, cases: { valid: readonly (Case | string)[]; invalid: readonly InvalidCase[] }): void {
  const seen = new Set<string>();
  const key = (c: Case) => JSON.stringify([c.conf, c.options ?? {}, c.name ?? ""]);
  describe(`${rule.code} ${rule.name}`, () => {
    it("has cases", () => {
      expect(cases.valid.length).toBeGreaterThan(0);
      expect(cases.invalid.length).toBeGreaterThan(0);
    });
    for (const raw of cases.valid) {
      const c: Case = typeof raw === "string" ? { conf: raw } : raw;
      if (seen.has(key(c))) throw new Error(`${rule.code}: duplicate case ${JSON.stringify(c.conf)}`);
      seen.add(key(c));
      it(`valid: ${c.name ?? JSON.stringify(c.conf).slice(0, 70)}`, () => {
        expect(runRule(rule, c)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      if (c.errors.length === 0) throw new Error(`${rule.code}: invalid case without errors: ${JSON.stringify(c.conf)}`);
      if (seen.has(key(c))) throw new Error(`${rule.code}: duplicate case ${JSON.stringify(c.conf)}`);
      seen.add(key(c));
      it(`invalid: ${c.name ?? JSON.stringify(c.conf).slice(0, 70)}`, async () => {
        const found = runRule(rule, c);
        expect(found.map((f) => f.code)).toEqual(c.errors.map(() => rule.code));
        c.errors.forEach((e, i) => {
          const f = found[i]!;
          if (e.messageId !== undefined) {
            const template = rule.messages[e.messageId];
            expect(template, `message ${e.messageId} exists`).toBeDefined();
            const prefix = template!.split("{")[0]!;
            expect(f.message.startsWith(prefix), `message from ${e.messageId}: ${f.message}`).toBe(true);
          }
          if (e.line !== undefined) expect(f.line).toBe(e.line);
          if (e.col !== undefined) expect(f.col).toBe(e.col);
          if (e.severity !== undefined) expect(f.severity).toBe(e.severity);
          if (e.contains !== undefined) expect(f.message).toContain(e.contains);
        });
        if (c.output !== undefined) {
          const { applyFixes } = await import("../../src/lint/apply-fixes.js");
          expect(applyFixes(c.conf, found)).toBe(c.output);
        }
      });
    }
  });
}
