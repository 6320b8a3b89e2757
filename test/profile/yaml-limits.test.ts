/**
 * YAML that would crash or exhaust the `yaml` package (deep nesting, alias
 * bombs) and files that are not profiles at all give a profile error at
 * file:line:col, never an internal error, and never quote values back.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { ProfileError } from "../../src/profile/errors.js";
import { loadProfile } from "../../src/profile/load.js";
import { MAX_DEPTH, tooDeep } from "../../src/profile/yaml-depth.js";
import { parseSource } from "../../src/profile/yaml-source.js";
import { REPO } from "../cli/ftpctl.js";

function problems(text: string, file = "p.yaml"): string[] {
  try {
    loadProfile(file, { text });
  } catch (err) {
    if (err instanceof ProfileError) return err.message.split("\n");
    throw err;
  }
  return [];
}

describe("tooDeep", () => {
  it.each([
    ["flow sequences", `a: ${"[".repeat(40)}${"]".repeat(40)}`],
    ["flow mappings", `a: ${"{b: ".repeat(40)}1${"}".repeat(40)}`],
    ["block sequences on one line", `${"- ".repeat(40)}x`],
    ["indented mappings", Array.from({ length: 40 }, (_, i) => `${" ".repeat(i)}k${i}:`).join("\n")],
    ["flow inside block", `${"- ".repeat(20)}${"[".repeat(20)}x${"]".repeat(20)}`],
    ["brackets after a quote inside a plain scalar in a flow list", `a: [it's, ${"[".repeat(40)}`],
    ["brackets after a block scalar ends", `a: |\n  'open quote\nb: ${"[".repeat(40)}`],
    ["closers hidden in quotes between openers", `a: ${'[ "]" '.repeat(40)}`],
  ])("finds %s", (_name, text) => {
    expect(tooDeep(text)).toBeDefined();
  });

  it.each([
    ["brackets inside quotes", `banner: "${"[".repeat(100)}"\nother: '${"{".repeat(100)}'`],
    ["brackets in a comment", `# ${"[".repeat(100)}\na: 1`],
    ["brackets in a block scalar", `banner: |\n  ${"[".repeat(100)}\n  more\nnext: 1`],
    ["a plain scalar with brackets", `banner: a[b[c[d${"[".repeat(100)}`],
    ["a plain scalar with a quote, then brackets", `banner: it's [${"[".repeat(100)}`],
    ["JSON", JSON.stringify({ a: { b: [{ c: [1, 2, { d: "]]]" }] }] } })],
    ["a long flat list", `users: [${Array.from({ length: 500 }, (_, i) => `{name: u${i}}`).join(", ")}]`],
  ])("passes %s", (_name, text) => {
    expect(tooDeep(text)).toBeUndefined();
  });

  it("passes every built-in profile and a profile of exactly the limit's depth", () => {
    const dir = join(REPO, "templates/profiles");
    for (const f of readdirSync(dir)) expect(tooDeep(readFileSync(join(dir, f), "utf8")), f).toBeUndefined();
    let v: unknown = "x";
    for (let i = 0; i < MAX_DEPTH - 1; i++) v = { k: v };
    expect(tooDeep(stringify(v))).toBeUndefined();
    expect(tooDeep(JSON.stringify(v))).toBeUndefined();
  });

  it("reads a megabyte of brackets in linear time", () => {
    const text = `a: ${"[]".repeat(500_000)}`;
    const t0 = performance.now();
    expect(tooDeep(text)).toBeUndefined();
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe("profile errors for hostile YAML", () => {
  it("deep nesting: file:line:col of the level past the limit", () => {
    expect(problems(`listen:\n  port: ${"[".repeat(100_000)}`)).toEqual([`p.yaml:2:${9 + MAX_DEPTH - 2}: error: nested more than ${MAX_DEPTH} levels deep; a profile needs a handful`]);
    expect(problems(`${"- ".repeat(5000)}x\n`)[0]).toMatch(/^p\.yaml:1:\d+: error: nested more than/);
  });

  it("an alias bomb: file:line:col of the first alias", () => {
    const text = ["a: &a [x,x,x,x,x,x,x,x,x]", "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]", "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]", "d: [*c,*c,*c,*c,*c,*c,*c,*c,*c]"].join("\n");
    expect(() => parseSource("p.yaml", text)).toThrow(ProfileError);
    expect(problems(text)).toEqual(["p.yaml:2:8: error: aliases expand too far (more than 100 times); a profile needs no alias this large"]);
  });

  it("a modest alias is fine", () => {
    expect(parseSource("p.yaml", "a: &x [1, 2]\nb: *x\n").data).toEqual({ a: [1, 2], b: [1, 2] });
  });

  it("a shadow file: key names cut short, no value, no hash", () => {
    const out = problems("root:$6$Qw3rTy$secrethash:19700:0:99999:7:::\nnobody:*:19700:0:99999:7:::\nsshd:!:19700::::::\nbackup:*:1:0:::\n");
    expect(out).toEqual(["p.yaml:1:1: error: not a profile: none of its keys (root…, nobody…, sshd…, and 1 more) is a profile key; see 'ftpctl init'"]);
  });

  it("an environment file: names only, never values", () => {
    const out = problems("DB_PASSWORD: hunter2\nAWS_SECRET_ACCESS_KEY_ID: AKIAxxxx\n").join("\n");
    expect(out).toContain("DB_PASSWORD, AWS_SECRET_A…");
    expect(out).not.toMatch(/hunter2|AKIA/);
  });

  it("a profile with one typo is still told about the typo", () => {
    expect(problems("extends: [anonymous]\nlisten:\n  prot: 21\n").join("\n")).toMatch(/unknown key 'prot'/);
  });
});
