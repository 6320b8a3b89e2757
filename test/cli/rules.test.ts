/** `ftpctl rules [CODE]` prints lint's rules and their pages offline. */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { RULES } from "../../src/lint/rules/index.js";
import { ftpctl, REPO } from "./ftpctl.js";

it("lists every rule, one line each: code, severity, name, what it checks", async () => {
  const r = await ftpctl(["rules"]);
  expect(r.exitCode).toBe(0);
  const lines = r.stdout.trimEnd().split("\n");
  expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(RULES.map((x) => x.code));
  expect(lines[0]).toMatch(/^VSF101 {2}error {4}unknown-option +\S/);
});

it.each([["VSF606"], ["vsf606"], ["chroot-list-inverted"]])("%s prints the rule's page as shipped in docs/rules/", async (code) => {
  const r = await ftpctl(["rules", code]);
  expect(r.exitCode).toBe(0);
  expect(r.stdout).toBe(readFileSync(`${REPO}docs/rules/VSF606.md`, "utf8"));
});

it("--json: the rules as data", async () => {
  const r = await ftpctl(["rules", "--json"]);
  const rules = JSON.parse(r.stdout) as { code: string; docs: string }[];
  expect(rules).toHaveLength(RULES.length);
  expect(rules[0]).toMatchObject({ code: "VSF101", name: "unknown-option", severity: "error", docs: "docs/rules/VSF101.md" });
});

it("an unknown code: one line with the nearest one, exit 2", async () => {
  const r = await ftpctl(["rules", "VSF6066"]);
  expect(r.exitCode).toBe(2);
  expect(r.stderr).toBe("ftpctl: no rule 'VSF6066' (did you mean VSF606?); 'ftpctl rules' lists them\n");
});
