import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../src/core/atomic-write.js";
import { FtpctlError } from "../../src/core/errors.js";
import { applyFixes } from "../../src/lint/apply-fixes.js";
import type { Finding } from "../../src/lint/finding.js";
import { firstRefusal, fixDiff, fixFiles, fixText, MAX_ROUNDS } from "../../src/lint/fix.js";
import { lintBytes } from "../../src/lint/linter.js";
import { defineRule, type Edit, type LintOptions, type Rule } from "../../src/lint/rule.js";
import { RULES } from "../../src/lint/rules/index.js";
import { optionSpec } from "../../src/vsftpd/registry.js";
import { freePort } from "../helpers/ports.js";
import { requireTool } from "../helpers/require-tool.js";

const OPTIONS: LintOptions = { distro: "debian", standalone: true };
const dir = mkdtempSync(join(tmpdir(), "ftpctl-fix-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(content: string): string {
  const p = join(dir, `f${n++}.conf`);
  writeFileSync(p, content);
  return p;
}

/** Stand-ins for the real syntax rules, so --fix is tested whatever rules exist. */
const stripCr = defineRule({
  code: "VSF901",
  name: "test-crlf",
  severity: "error",
  category: "syntax",
  description: "CR at line end.",
  messages: { cr: "CR" },
  fixable: true,
  check(ctx) {
    for (const l of ctx.scan.lines) {
      if (!l.text.endsWith("\r")) continue;
      const col = l.text.length;
      ctx.report({ messageId: "cr", at: { line: l.line, col }, fix: [{ line: l.line, startCol: col, endCol: col + 1, text: "" }] });
    }
  },
});

const stripBom = defineRule({
  code: "VSF902",
  name: "test-bom",
  severity: "error",
  category: "syntax",
  description: "BOM.",
  messages: { bom: "BOM" },
  fixable: true,
  check(ctx) {
    const first = ctx.scan.lines[0];
    if (first?.text.startsWith("\uFEFF")) ctx.report({ messageId: "bom", at: { line: 1, col: 1 }, fix: [{ line: 1, startCol: 1, endCol: 2, text: "" }] });
  },
});

/** Only sees a miscased name once the BOM in front of it is gone: needs a second round. */
const lowerName = defineRule({
  code: "VSF903",
  name: "test-case",
  severity: "error",
  category: "syntax",
  description: "Miscased name.",
  messages: { c: "case" },
  fixable: true,
  check(ctx) {
    for (const s of ctx.scan.settings) {
      if (optionSpec(s.name) || !optionSpec(s.name.toLowerCase())) continue;
      ctx.report({ messageId: "c", at: s, fix: [{ line: s.line, startCol: s.nameCol, endCol: s.nameCol + s.name.length, text: s.name.toLowerCase() }] });
    }
  },
});

/** Removes one trailing space per round, to need many rounds. */
const oneSpace = defineRule({
  code: "VSF904",
  name: "test-space",
  severity: "warning",
  category: "syntax",
  description: "Trailing space.",
  messages: { s: "space" },
  fixable: true,
  check(ctx) {
    for (const l of ctx.scan.lines) {
      if (!l.text.endsWith(" ")) continue;
      ctx.report({ messageId: "s", at: { line: l.line, col: l.text.length }, fix: [{ line: l.line, startCol: l.text.length, endCol: l.text.length + 1, text: "" }] });
    }
  },
});

/** Never settles. */
const flipFlop = defineRule({
  code: "VSF905",
  name: "test-flip",
  severity: "info",
  category: "syntax",
  description: "Flips.",
  messages: { f: "flip" },
  fixable: true,
  check(ctx) {
    const l = ctx.scan.lines[0];
    if (l) ctx.report({ messageId: "f", at: { line: 1, col: 1 }, fix: [{ line: 1, startCol: 1, endCol: 2, text: l.text[0] === "a" ? "b" : "a" }] });
  },
});

const TEST_RULES: readonly Rule[] = [stripCr, stripBom, lowerName, oneSpace];

const linter = (rules: readonly Rule[]) => (text: string) =>
  lintBytes({ file: "t.conf", bytes: Buffer.from(text), options: OPTIONS, rules }).findings;

function finding(fix: Edit[]): Finding {
  return { code: "VSF900", rule: "x", severity: "error", messageId: "m", message: "m", file: "t.conf", line: fix[0]?.line ?? 1, col: 1, fix };
}

function run(files: string[], rules: readonly Rule[] = TEST_RULES, bytes?: (f: string) => Uint8Array) {
  const notes: string[] = [];
  const problems: string[] = [];
  const summary = fixFiles(
    files.map((f) => ({ file: f, bytes: bytes ? bytes(f) : readFileSync(f) })),
    { options: OPTIONS, rules, notes: (t) => notes.push(t), problems: (t) => problems.push(t) },
  );
  return { ...summary, notes: notes.join(""), problems: problems.join("") };
}

describe("applyFixes", () => {
  it("applies edits right to left on a line and leaves other lines alone", () => {
    const text = "a = b\r\nc\n";
    const out = applyFixes(text, [finding([{ line: 1, startCol: 2, endCol: 3, text: "" }, { line: 1, startCol: 4, endCol: 5, text: "" }]), finding([{ line: 1, startCol: 6, endCol: 7, text: "" }])]);
    expect(out).toBe("a=b\nc\n");
  });

  it("skips an edit overlapping one already taken, for the next round", () => {
    const out = applyFixes("abcdef", [finding([{ line: 1, startCol: 2, endCol: 5, text: "X" }]), finding([{ line: 1, startCol: 4, endCol: 6, text: "Y" }])]);
    expect(out).toBe("abcYf");
  });

  it("applies the same edit from two rules once", () => {
    const e: Edit = { line: 1, startCol: 1, endCol: 1, text: "#" };
    expect(applyFixes("x", [finding([e]), finding([{ ...e }])])).toBe("#x");
  });

  it("ignores edits that point outside their line", () => {
    const bad: Edit[] = [
      { line: 1, startCol: 0, endCol: 1, text: "!" },
      { line: 1, startCol: 3, endCol: 2, text: "!" },
      { line: 1, startCol: 1, endCol: 9, text: "!" },
      { line: 7, startCol: 1, endCol: 1, text: "!" },
      { line: 1, startCol: 1.5, endCol: 2, text: "!" },
    ];
    expect(applyFixes("abc\n", bad.map((e) => finding([e])))).toBe("abc\n");
  });
});

describe("fixText", () => {
  it("repeats until nothing changes, so one fix can uncover the next", () => {
    const r = fixText("\uFEFFLISTEN=YES\r\nlisten_port=21   \n", linter(TEST_RULES));
    expect(r).toMatchObject({ text: "listen=YES\nlisten_port=21\n", lines: ["listen=YES", "listen_port=21", ""], rounds: 3, settled: true });
  });

  it("stops after MAX_ROUNDS when fixes never settle", () => {
    const r = fixText("a\n", linter([flipFlop]));
    expect(r.settled).toBe(false);
    expect(r.rounds).toBe(MAX_ROUNDS);
  });

  it("does nothing without fixable findings", () => {
    expect(fixText("Bogus=1\n", linter(RULES.filter((r) => !r.fixable)))).toMatchObject({ text: "Bogus=1\n", lines: ["Bogus=1", ""], rounds: 0, settled: true });
  });
});

describe("fixDiff", () => {
  it("shows CRs, BOMs and trailing spaces, and says what the marks mean", () => {
    expect(fixDiff("a.conf", "\uFEFFlisten=YES\r\nport=21 \nx=1\n", "listen=YES\nport=21\nx=1\n", "fixed")).toBe(
      [
        "--- a.conf\toriginal",
        "+++ a.conf\tfixed",
        "@@ -1,3 +1,3 @@",
        "-<BOM>listen=YES\\r",
        "-port=21\u00b7",
        "+listen=YES",
        "+port=21",
        " x=1",
        "(\\r is a carriage return, <BOM> a byte-order mark, \u00b7 a trailing space)",
        "",
      ].join("\n"),
    );
  });

  it("is a plain unified diff when nothing invisible changed", () => {
    expect(fixDiff("a.conf", "Listen=YES\n", "listen=YES\n", "fixed")).toBe(
      "--- a.conf\toriginal\n+++ a.conf\tfixed\n@@ -1,1 +1,1 @@\n-Listen=YES\n+listen=YES\n",
    );
  });
});

describe("fixFiles", () => {
  it("says so when there is nothing to fix and leaves the file alone", () => {
    const f = file("listen=YES\n");
    const before = statSync(f);
    const r = run([f]);
    expect(r.notes).toBe(`${f}: nothing to fix\n`);
    expect(r.refused + r.failed).toBe(0);
    expect(statSync(f).mtimeMs).toBe(before.mtimeMs);
    expect(existsSync(`${f}.bak`)).toBe(false);
  });

  it("writes the fixed file, keeps mode and owner, and backs up the original beside it", (ctx) => {
    requireTool(ctx, "root"); // gives the file another owner
    const original = "\uFEFFListen=YES\r\nlisten_port=21  \r\n";
    const f = file(original);
    chmodSync(f, 0o640);
    chownSync(f, 65534, 65534);
    const r = run([f]);
    expect(r.problems).toBe("");
    expect(readFileSync(f, "utf8")).toBe("listen=YES\nlisten_port=21\n");
    expect(readFileSync(`${f}.bak`, "utf8")).toBe(original);
    for (const p of [f, `${f}.bak`]) {
      const st = statSync(p);
      expect([st.mode & 0o7777, st.uid, st.gid]).toEqual([0o640, 65534, 65534]);
    }
    expect(r.notes).toContain("-<BOM>Listen=YES\\r\n");
    expect(r.notes).toContain("+listen=YES\n");
    expect(r.notes).toContain(`${f}: fixed 2 lines; original kept as ${f}.bak\n`);
    expect(r.results[0]!.findings.filter((x) => x.fix)).toEqual([]);
    expect(readdirSync(dir).filter((x) => x.endsWith(".tmp"))).toEqual([]);
  });

  it("never writes a file vsftpd would still refuse, and names the line", () => {
    const original = "listen=YES\r\nfrobnicate=1\n";
    const f = file(original);
    const r = run([f]);
    expect(readFileSync(f, "utf8")).toBe(original);
    expect(existsSync(`${f}.bak`)).toBe(false);
    expect(r.refused).toBe(1);
    expect(r.problems).toBe(
      `ftpctl: ${f}: not written: line 2 would still stop vsftpd (500 OOPS: unrecognised variable in config file: frobnicate); fix that line by hand, then run --fix again\n`,
    );
    expect(r.notes).toContain(`+++ ${f}\tfixed, not written\n`);
    expect(r.notes).toContain("-listen=YES\\r\n+listen=YES\n");
  });

  it("blames the fixes when they, not the original, would stop vsftpd", () => {
    // A rule that "repairs" a uint by emptying it: vsftpd runs with `listen_port= 21x`, not with `listen_port=`.
    const emptier = defineRule({
      ...oneSpace,
      code: "VSF906",
      fixable: true,
      check(ctx) {
        for (const st of ctx.scan.settings) {
          if (st.value) ctx.report({ messageId: "s", at: st, fix: [{ line: st.line, startCol: st.valueCol, endCol: st.text.length + 1, text: "" }] });
        }
      },
    });
    const f = file("listen_port= 21x\n");
    const r = run([f], [emptier]);
    expect(r.refused).toBe(1);
    expect(r.problems).toBe(
      `ftpctl: ${f}: not written: the fixes would make line 1 stop vsftpd (500 OOPS: missing value in config file for: listen_port), which the original does not; please report this\n`,
    );
    expect(readFileSync(f, "utf8")).toBe("listen_port= 21x\n");
  });

  it("writes nothing on a dry run but reports the fixed text", () => {
    const f = file("Listen=YES\r\n");
    const notes: string[] = [];
    const r = fixFiles([{ file: f, bytes: readFileSync(f) }], { options: OPTIONS, rules: TEST_RULES, dryRun: true, notes: (t) => notes.push(t), problems: () => {} });
    expect(readFileSync(f, "utf8")).toBe("Listen=YES\r\n");
    expect(existsSync(`${f}.bak`)).toBe(false);
    expect(notes.join("")).toContain(`+++ ${f}\tfixed, not written (dry run)\n`);
    expect(r.results[0]!.findings).toEqual([]);
  });

  it("replaces the target of a symlink and keeps the link", () => {
    const target = file("Listen=YES\n");
    const link = join(dir, "link.conf");
    symlinkSync(target, link);
    const r = run([link]);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(target);
    expect(readFileSync(target, "utf8")).toBe("listen=YES\n");
    expect(readFileSync(`${target}.bak`, "utf8")).toBe("Listen=YES\n");
    expect(r.notes).toContain(`original kept as ${target}.bak`);
  });

  it("fixes a file named twice only once, so the backup stays the original", () => {
    const f = file("Listen=YES\n");
    const r = run([f, f]);
    expect(r.results).toHaveLength(1);
    expect(readFileSync(`${f}.bak`, "utf8")).toBe("Listen=YES\n");
  });

  it("does not overwrite a file that changed since it was read", () => {
    const f = file("Listen=YES\n");
    const r = run([f], TEST_RULES, () => Buffer.from("LISTEN=YES\n"));
    expect(r.failed).toBe(1);
    expect(r.problems).toBe(`ftpctl: ${f}: not written: it changed on disk while being fixed\n`);
    expect(readFileSync(f, "utf8")).toBe("Listen=YES\n");
  });

  it("reports what is on disk afterwards for every file", () => {
    const a = file("listen=YES\r\n");
    const b = file("listen=YES\r\nnope=1\n");
    const r = run([a, b], [...TEST_RULES, ...RULES.filter((x) => x.code === "VSF101")]);
    expect(r.results.map((x) => x.file)).toEqual([a, b]);
    expect(r.results[0]!.findings).toEqual([]);
    expect(r.results[1]!.findings.map((x) => x.code)).toEqual(["VSF901", "VSF101"]);
  });

  it("turns a config vsftpd refuses into one it starts with", async (ctx) => {
    requireTool(ctx, "root", "/usr/sbin/vsftpd"); // vsftpd listens only when started as root
    const port = await freePort();
    const f = file(`listen=YES\r\nlisten_address=127.0.0.1\r\nlisten_port=${port}\r\nbackground=NO\r\n`);
    const vsftpd = () => spawnSync("timeout", ["2", "/usr/sbin/vsftpd", f], { stdio: ["pipe", "ignore", "ignore"], encoding: "utf8" });
    const out = join(dir, "oops.txt");
    // vsftpd writes its refusal to fd 0.
    execFileSync("sh", ["-c", `timeout 2 /usr/sbin/vsftpd '${f}' 0>'${out}'; echo $? >> '${out}'`]);
    expect(readFileSync(out, "utf8")).toBe("500 OOPS: bad bool value in config file for: listen\r\n2\n");
    expect(firstRefusal(readFileSync(f, "utf8"), OPTIONS)?.message).toBe("bad bool value in config file for: listen");
    run([f]);
    expect(firstRefusal(readFileSync(f, "utf8"), OPTIONS)).toBeUndefined();
    expect(vsftpd().status).toBe(124); // still serving when timeout stopped it
  });
});

describe("writeFileAtomic", () => {
  it("gives the new file the requested mode and owner and leaves no temp file", (ctx) => {
    requireTool(ctx, "root"); // gives the file another owner
    const f = join(dir, "atomic.conf");
    writeFileAtomic(f, "a\n", { mode: 0o100604, uid: 65534, gid: 0 });
    const st = statSync(f);
    expect([st.mode & 0o7777, st.uid, st.gid]).toEqual([0o604, 65534, 0]);
    writeFileAtomic(f, Buffer.from("b\n"), { mode: 0o600, uid: 0, gid: 0 });
    expect(readFileSync(f, "utf8")).toBe("b\n");
    expect(statSync(f).mode & 0o7777).toBe(0o600);
    expect(readdirSync(dir).filter((x) => x.includes(".ftpctl-"))).toEqual([]);
  });

  it("throws a typed error naming the file and leaves nothing behind when it cannot write", () => {
    const f = join(dir, "missing-dir", "x.conf");
    expect(() => writeFileAtomic(f, "x", { mode: 0o644, uid: 0, gid: 0 })).toThrow(FtpctlError);
    expect(() => writeFileAtomic(f, "x", { mode: 0o644, uid: 0, gid: 0 })).toThrow(`${f}: cannot write: `);
    const target = join(dir, "is-a-dir");
    execFileSync("mkdir", ["-p", join(target, "sub")]);
    expect(() => writeFileAtomic(target, "x", { mode: 0o644, uid: 0, gid: 0 })).toThrow(FtpctlError);
    expect(readdirSync(dir).filter((x) => x.includes(".ftpctl-"))).toEqual([]);
  });
});

describe("the real syntax rules under --fix", () => {
  const has = (code: string) => RULES.some((r) => r.code === code && r.fixable);
  const CASES: readonly (readonly [string, string, string])[] = [
    ["VSF102", "Listen=YES\nANONYMOUS_ENABLE=NO\n", "listen=YES\nanonymous_enable=NO\n"],
    ["VSF103", "listen = YES\nlisten_port= 2121\n", "listen=YES\nlisten_port=2121\n"],
    ["VSF104", "listen=YES \t\n", "listen=YES\n"],
    ["VSF105", "listen=YES\r\nanonymous_enable=NO\r\n", "listen=YES\nanonymous_enable=NO\n"],
    ["VSF106", "\uFEFFlisten=YES\n", "listen=YES\n"],
    ["VSF107", "  # a comment\nlisten=YES\n", "# a comment\nlisten=YES\n"],
  ];
  for (const [code, input, output] of CASES) {
    it(`${code} repairs ${JSON.stringify(input)}`, () => {
      expect(has(code), `${code} is a registered rule`).toBe(true);
        const r = fixText(input, linter(RULES));
      expect(r.text).toBe(output);
      expect(r.settled).toBe(true);
      expect(firstRefusal(r.text, OPTIONS)).toBeUndefined();
    });
  }

  it(
    "repair a file with every fault at once until real vsftpd starts on it",
    async (ctx) => {
      requireTool(ctx, "root", "/usr/sbin/vsftpd");
      for (const code of ["VSF102", "VSF103", "VSF104", "VSF105", "VSF106", "VSF107"]) expect(has(code), `${code} is a registered rule`).toBe(true);
      const port = await freePort();
      const f = file(
        `\uFEFFListen = YES \r\n  # bound to loopback for the test\r\nlisten_address=127.0.0.1\t\r\nLISTEN_PORT=${port}\r\nbackground =NO\r\n`,
      );
      const vsftpd = () => spawnSync("timeout", ["2", "/usr/sbin/vsftpd", f], { stdio: ["pipe", "ignore", "ignore"] }).status;
      expect(vsftpd()).toBe(2);
      const r = run([f], RULES);
      expect(r.problems).toBe("");
      expect(readFileSync(f, "utf8")).toBe(
        `listen=YES\n# bound to loopback for the test\nlisten_address=127.0.0.1\nlisten_port=${port}\nbackground=NO\n`,
      );
      expect(r.results[0]!.findings.filter((x) => x.severity === "error")).toEqual([]);
      expect(vsftpd()).toBe(124);
    },
  );
});
