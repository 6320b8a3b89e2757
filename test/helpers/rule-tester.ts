/**
 * ESLint-style valid/invalid tables for one rule. Each case is a config
 * text; invalid cases list the findings expected from that rule alone.
 * As strict as ESLint's RuleTester: every expected finding names its
 * messageId, compared exactly; an invalid case of a fixable rule states its
 * output (null: no fix applies); a rule that is not fixable may not fix.
 * The tester refuses an invalid case without errors and duplicate cases.
 */
import { describe, expect, it } from "vitest";
import type { HostFacts } from "../../src/host/facts.js";
import { applyFixes } from "../../src/lint/apply-fixes.js";
import { lintBytes } from "../../src/lint/linter.js";
import type { LintOptions, Rule, Severity } from "../../src/lint/rule.js";

export interface ExpectedFinding<M extends string = string> {
  readonly messageId: M;
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
  /** Other rules that run too, for a rule that reads what they found (VSF112); only this rule's findings count. */
  readonly alongside?: readonly Rule[];
}

export interface InvalidCase<M extends string = string> extends Case {
  readonly errors: readonly ExpectedFinding<M>[];
  /** Text after applying the rule's fixes; required when the rule is fixable, null when no fix applies. */
  readonly output?: string | null;
}

const DEFAULTS: LintOptions = { distro: "debian", standalone: true };

export function runRule<M extends string>(rule: Rule<M>, c: Case) {
  const options = { ...DEFAULTS, ...c.options };
  const host = c.host ?? (rule.host ? undefined : undefined);
  const rules = [rule as Rule, ...(c.alongside ?? [])];
  const found = lintBytes({ file: "t.conf", bytes: Buffer.from(c.conf, "utf8"), options, rules, ...(host ? { host } : {}) }).findings;
  return found.filter((f) => f.code === rule.code);
}

/** Refuses a case the table should not contain, as ESLint's RuleTester does, before any test runs. */
export function checkInvalidShape<M extends string>(rule: Rule<M>, c: InvalidCase<M>): void {
  const where = `${rule.code}: ${JSON.stringify(c.conf)}`;
  if (c.errors.length === 0) throw new Error(`${where}: invalid case without errors`);
  for (const e of c.errors) {
    if (typeof e.messageId !== "string") throw new Error(`${where}: expected finding without messageId`);
    if (!Object.hasOwn(rule.messages, e.messageId)) throw new Error(`${where}: the rule has no message ${e.messageId}`);
  }
  if (rule.fixable && c.output === undefined) throw new Error(`${where}: invalid case of a fixable rule without output (null if no fix applies)`);
  if (!rule.fixable && c.output !== undefined) throw new Error(`${where}: output given for a rule that is not fixable`);
}

/** Runs one invalid case; throws an assertion error on any difference. */
export function verifyInvalid<M extends string>(rule: Rule<M>, c: InvalidCase<M>): void {
  const found = runRule(rule, c);
  expect(found.map((f) => f.code)).toEqual(c.errors.map(() => rule.code));
  expect(found.map((f) => f.messageId), "messageIds").toEqual(c.errors.map((e) => e.messageId));
  c.errors.forEach((e, i) => {
    const f = found[i]!;
    expect(f.message, "no placeholder left unfilled").not.toMatch(/\{\w+\}/);
    if (e.line !== undefined) expect(f.line).toBe(e.line);
    if (e.col !== undefined) expect(f.col).toBe(e.col);
    if (e.severity !== undefined) expect(f.severity).toBe(e.severity);
    if (e.contains !== undefined) expect(f.message).toContain(e.contains);
  });
  if (c.output !== undefined) expect(applyFixes(c.conf, found), "output").toBe(c.output ?? c.conf);
  else expect(found.filter((f) => f.fix?.length), "fixes from a rule that is not fixable").toEqual([]);
}

export function ruleTester<M extends string>(rule: Rule<M>, cases: { valid: readonly (Case | string)[]; invalid: readonly InvalidCase<M>[] }): void {
  const seen = new Set<string>();
  const key = (c: Case) => JSON.stringify([c.conf, c.options ?? {}, c.name ?? "", (c.alongside ?? []).map((r) => r.code)]);
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
      checkInvalidShape(rule, c);
      if (seen.has(key(c))) throw new Error(`${rule.code}: duplicate case ${JSON.stringify(c.conf)}`);
      seen.add(key(c));
      it(`invalid: ${c.name ?? JSON.stringify(c.conf).slice(0, 70)}`, () => verifyInvalid(rule, c));
    }
  });
}
