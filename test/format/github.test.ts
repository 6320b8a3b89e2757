import { describe, expect, it } from "vitest";
import format, { escapeData, escapeProperty } from "../../src/lint/format/github.js";
import { SAMPLE, SAMPLE_RULES } from "./sample.js";

const ctx = { color: false, rules: SAMPLE_RULES, distro: "debian" };

describe("github format", () => {
  it("escapes data as the Actions runner does: %, CR, LF", () => {
    expect(escapeData("100% a\r\nb: c, d")).toBe("100%25 a%0D%0Ab: c, d");
    expect(escapeData("%0A")).toBe("%250A");
  });

  it("escapes properties also at ':' and ','", () => {
    expect(escapeProperty("C:\\a,b%\n")).toBe("C%3A\\a%2Cb%25%0A");
  });

  it("writes one workflow command per finding: error, warning, notice", () => {
    expect(format(SAMPLE, ctx)).toBe(
      [
        "::error file=conf/a b.conf,line=1,col=1,title=VSF101 unknown-option::unknown option '\uFEFFlisten'",
        "::notice file=conf/a b.conf,line=1,col=1,title=VSF901 some-explanation::about: something, 100%25 sure%0Asecond line",
        "::error file=conf/a b.conf,line=2,col=2,title=VSF101 unknown-option::unknown option 'foo'",
        "::warning file=conf/a b.conf,line=3,col=13,title=VSF601 mode-without-leading-zero::local_umask=22 is decimal 22, octal 026",
        "",
      ].join("\n"),
    );
  });

  it("escapes file names that would break the property list", () => {
    const out = format([{ file: "x,y:z.conf", text: "", findings: [{ ...SAMPLE[0]!.findings[0]!, file: "x,y:z.conf", message: "bad\r" }] }], ctx);
    expect(out).toBe("::error file=x%2Cy%3Az.conf,line=1,col=1,title=VSF101 unknown-option::bad%0D\n");
  });

  it("prints nothing when there is nothing to annotate", () => {
    expect(format([{ file: "ok.conf", text: "", findings: [] }], ctx)).toBe("");
  });
});
