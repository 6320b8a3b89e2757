import { describe, expect, it } from "vitest";
import { shown } from "../../src/core/shown.js";
import { markWords, wantsJson } from "../../src/cli.js";

describe("shown: a user's name on one line", () => {
  it.for([
    ["miss\ning.conf", "miss\\ning.conf"],
    ["a\rb\tc", "a\\rb\\tc"],
    ["\x1b[31mred", "\\x1b[31mred"],
    ["nul\0", "nul\\x00"],
    ["para\u2028graph", "para\\u2028graph"],
    ["lone \ud800 surrogate", "lone \\ud800 surrogate"],
    ["plain/dir/vsftpd.conf", "plain/dir/vsftpd.conf"],
    ["ünïcödé 名前.conf", "ünïcödé 名前.conf"],
    ["back\\slash", "back\\slash"],
  ] as const)("%j -> %j", ([name, want]) => {
    expect(shown(name)).toBe(want);
    // Escaping the line that holds an escaped name changes nothing.
    expect(shown(shown(name))).toBe(want);
  });
});

describe("the CLI shell's reading of argv", () => {
  it.for([
    [["validate", "--json", "p.yaml"], true],
    [["lint", "-f", "json", "x"], true],
    [["lint", "--format", "sarif"], true],
    [["lint", "--format=json"], true],
    [["lint", "-f", "text"], false],
    [["validate", "--json", "--no-json"], false],
    [["lint", "--", "--json"], false],
  ] as const)("%j asks for JSON: %s", ([argv, want]) => {
    expect(wantsJson(argv)).toBe(want);
  });

  it("marks a lone '-' and every word after '--', and drops the '--'", () => {
    expect(markWords(["render", "-", "-o", "-"])).toEqual(["render", "\0-", "-o", "\0-"]);
    expect(markWords(["import", "-o", "-", "--", "-", "-x"])).toEqual(["import", "-o", "\0-", "\0-", "\0-x"]);
    expect(markWords(["lint", "a.conf"])).toEqual(["lint", "a.conf"]);
  });
});
