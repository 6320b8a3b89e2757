/**
 * The VSF1xx rules together: every line vsftpd refuses gets exactly one
 * error, from the rule that explains it; a line vsftpd accepts gets none;
 * and --fix never makes a line vsftpd accepted into one it refuses.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyFixes } from "../../src/lint/apply-fixes.js";
import type { Finding } from "../../src/lint/finding.js";
import { lintBytes } from "../../src/lint/linter.js";
import { RULES } from "../../src/lint/rules/index.js";
import type { Distro } from "../../src/vsftpd/option-spec.js";
import { interpret } from "../../src/vsftpd/interpret.js";
import { scanText } from "../../src/vsftpd/scan.js";

const SYNTAX = RULES.filter((r) => /^VSF1\d\d$/.test(r.code));
const DISTROS: readonly Distro[] = ["upstream", "debian", "rhel"];

function lint(text: string, distro: Distro): Finding[] {
  return [...lintBytes({ file: "t.conf", bytes: Buffer.from(text, "utf8"), options: { distro, standalone: true }, rules: SYNTAX }).findings];
}

const refusedLines = (text: string, distro: Distro) =>
  interpret(scanText(text), distro)
    .items.filter((i) => i.refusal)
    .map((i) => i.setting.line);

const errorsOn = (fs: Finding[], line: number) => fs.filter((f) => f.severity === "error" && f.line === line);

function fixAll(text: string, distro: Distro): string {
  let t = text;
  for (let round = 0; round < 6; round++) {
    const next = applyFixes(t, lint(t, distro));
    if (next === t) return t;
    t = next;
  }
  throw new Error(`fixes did not settle: ${JSON.stringify(text)}`);
}

const TABLE: readonly [string, string][] = [
  ["Listen = YES", "VSF102"],
  ["Listen=on", "VSF102"],
  ["Listen", "VSF109"],
  ["listen = YES", "VSF103"],
  ["listen= YES", "VSF103"],
  ["listen=YES ", "VSF104"],
  ["listen ", "VSF109"],
  ["listen=YES\r", "VSF105"],
  ["listen=YES \r", "VSF105"],
  ["listen=YES # c\r", "VSF105"],
  ["listen=YES # c", "VSF108"],
  ["listen=YES # c ", "VSF108"],
  ["listen=on\r", "VSF110"],
  ["listen=on", "VSF110"],
  ["\uFEFFListen = YES # c\r", "VSF106"],
  ["\uFEFFbogus=1", "VSF101"],
  ["  # a=b", "VSF107"],
  ["  # text", "VSF107"],
  ["bogus", "VSF109"],
  ["bogus = 1", "VSF101"],
  ["ftpd_banner ", "VSF104"],
  ["Ftpd_banner", "VSF102"],
  ["write_enable=", "VSF109"],
];

describe("VSF1xx: one error per refused line", () => {
  it.each(TABLE)("%j: the error is %s's", (line, code) => {
    const found = lint(line + "\n", "debian");
    const errors = found.filter((f) => f.severity === "error");
    expect(errors.map((f) => f.code)).toEqual([code]);
  });

  it.each([
    ["ftpd_banner= ", "debian", "VSF104"],
    ["ftpd_banner=\r", "debian", "VSF105"],
    ["ftpd_banner= \r", "debian", "VSF105"],
  ] as const)("%j on %s crashes vsftpd: the error is %s's", (line, distro, code) => {
    expect(lint(line + "\n", distro).filter((f) => f.severity === "error").map((f) => f.code)).toEqual([code]);
  });

  it("repairs a line with several faults in one go", () => {
    expect(fixAll("\uFEFFListen = YES # on\r\n", "debian")).toBe("# on\nlisten=YES\n");
    expect(applyFixes("Listen = YES\n", lint("Listen = YES\n", "debian"))).toBe("listen=YES\n");
  });

  it("reports a CRLF file once, and fixes every line", () => {
    const text = "listen=YES\r\nanonymous_enable=NO\r\n# c\r\nmax_clients=5\r\n";
    const found = lint(text, "debian");
    expect(found.map((f) => [f.code, f.line, f.severity])).toEqual([["VSF105", 1, "error"]]);
    expect(applyFixes(text, found)).toBe("listen=YES\nanonymous_enable=NO\n# c\nmax_clients=5\n");
  });
});

const NAMES = ["listen", "Listen", "max_clients", "local_umask", "ftpd_banner", "FTPD_BANNER", "bogus", "utf8_filesystem", "ssl_tlsv1_2", "#", "# x", ""];
const VALUES = ["#", "=", "YES#c", "0", " ", "YES", "no", "on", "5", "022", " 022", "Hi there", "", "a=b", "0x1"];
const SPACE = fc.constantFrom("", "", " ", "\t", "  ", "\r", " \r", "\v");
const line = fc
  .record({
    bom: fc.constantFrom("", "", "", "\uFEFF"),
    indent: SPACE,
    name: fc.constantFrom(...NAMES),
    before: SPACE,
    eq: fc.constantFrom("=", "=", "=", ""),
    after: SPACE,
    value: fc.constantFrom(...VALUES),
    comment: fc.constantFrom("", "", " # c", "\t#c", "#c"),
    trail: SPACE,
    cr: fc.constantFrom("", "", "\r"),
  })
  .map((p) => p.bom + p.indent + p.name + p.before + p.eq + p.after + (p.eq ? p.value : "") + p.comment + p.trail + p.cr);

describe("VSF1xx: properties over generated lines", () => {
  for (const distro of DISTROS) {
    it(`${distro}: a refused line has exactly one error, an accepted one none`, () => {
      fc.assert(
        fc.property(line, (l) => {
          const text = l + "\n";
          const found = lint(text, distro);
          const refused = refusedLines(text, distro).length > 0;
          expect(errorsOn(found, 1).length, JSON.stringify(found)).toBe(refused ? 1 : 0);
        }),
        { numRuns: 1500 },
      );
    });

    it(`${distro}: fixes settle and never make an accepted line refused`, () => {
      fc.assert(
        fc.property(line, (l) => {
          const text = l + "\n";
          const before = refusedLines(text, distro).length;
          const after = fixAll(text, distro);
          if (before === 0) expect(refusedLines(after, distro), JSON.stringify(after)).toEqual([]);
          const left = lint(after, distro).filter((f) => f.fix);
          expect(left, JSON.stringify(after)).toEqual([]);
        }),
        { numRuns: 1500 },
      );
    });
  }

  it("on many lines, no refused line gets two errors and no accepted line gets one", () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), (ls) => {
        const text = ls.join("\n") + "\n";
        const found = lint(text, "debian");
        const refused = new Set(refusedLines(text, "debian"));
        for (let n = 1; n <= ls.length; n++) {
          const errs = errorsOn(found, n).length;
          if (!refused.has(n)) expect(errs).toBe(0);
          else expect(errs).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 200 },
    );
  });
});
