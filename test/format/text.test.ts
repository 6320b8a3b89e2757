import { describe, expect, it } from "vitest";
import format, { visible } from "../../src/lint/format/text.js";
import { lintBytes } from "../../src/lint/linter.js";
import { defineRule } from "../../src/lint/rule.js";
import { SAMPLE, SAMPLE_RULES } from "./sample.js";

const ctx = { color: false, rules: SAMPLE_RULES, distro: "debian" };

/** Points at the value of every setting, so the caret's column comes from the real scanner. */
const atValue = defineRule({
  code: "VSF900",
  name: "at-value",
  severity: "error",
  category: "syntax",
  description: "Points at values.",
  messages: { v: "value of '{name}' is '{value}'" },
  check(ctx) {
    for (const s of ctx.scan.settings) {
      if (s.value !== null) ctx.report({ messageId: "v", at: { line: s.line, col: s.valueCol }, data: { name: s.name, value: s.value } });
    }
  },
});

describe("text format", () => {
  it("prints gcc-style lines with the source line, a caret, and control characters made visible", () => {
    expect(format(SAMPLE, ctx)).toBe(
      [
        "conf/a b.conf:1:1: error: unknown option '<BOM>listen' [VSF101]",
        "  <BOM>listen=YES\\r",
        "  ^",
        "conf/a b.conf:1:1: info: about: something, 100% sure\\nsecond line [VSF901]",
        "conf/a b.conf:2:2: error: unknown option 'foo' [VSF101]",
        "  \\tfoo=1",
        "    ^",
        "conf/a b.conf:3:13: warning: local_umask=22 is decimal 22, octal 026 [VSF601]",
        "  local_umask=22",
        "              ^",
        "2 files checked: 2 errors, 1 warning, 1 info (1 fixable with --fix)",
        "",
      ].join("\n"),
    );
  });

  it("puts the caret under the column even after a BOM and tabs", () => {
    const text = "\uFEFFx=1\n\t \tlisten=maybe\r\n";
    const result = lintBytes({ file: "t.conf", bytes: Buffer.from(text), options: { distro: "debian", standalone: true }, rules: [atValue] });
    expect(format([result], ctx)).toBe(
      [
        "t.conf:1:4: error: value of '<BOM>x' is '1' [VSF900]",
        "  <BOM>x=1",
        "         ^",
        "t.conf:2:11: error: value of 'listen' is 'maybe\\r' [VSF900]",
        "  \\t \\tlisten=maybe\\r",
        "              ^",
        "1 file checked: 2 errors, 0 warnings, 0 info",
        "",
      ].join("\n"),
    );
  });

  it("reports a clean run in one line", () => {
    const result = lintBytes({ file: "ok.conf", bytes: Buffer.from("# nothing\n"), options: { distro: "debian", standalone: true }, rules: [atValue] });
    expect(format([result], ctx)).toBe("1 file checked: no problems\n");
  });

  it("colours only the severity", () => {
    const out = format(SAMPLE, { ...ctx, color: true });
    expect(out).toContain("conf/a b.conf:3:13: \x1b[33mwarning\x1b[0m: local_umask=22");
    expect(out.replace(/\x1b\[\d+m/g, "")).toBe(format(SAMPLE, ctx));
  });

  it("shows every control character but leaves printable text alone", () => {
    expect(visible("a\x00b\x1bc\x7fd\u00e9\u4e2d \t\r")).toBe("a\\x00b\\x1bc\\x7fd\u00e9\u4e2d \\t\\r");
  });
});
