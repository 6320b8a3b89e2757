/**
 * `lint --fix` is linear in the file: a file just under vsftpd's 100,000-byte
 * limit with a fault on every line is fixed, diff and all, in under a second.
 * Times are CPU times of this process, so a busy machine does not fail them;
 * before the diff was read off the fixes this took over 8 seconds.
 */
import { describe, expect, it } from "vitest";
import { applyFixes } from "../../src/lint/apply-fixes.js";
import { fixDiff, fixFiles } from "../../src/lint/fix.js";

const SETTINGS = ["ftpd_banner=hello", "anon_root=/srv/ftp", "local_root=/srv/home", "max_clients=50", "listen=YES", "local_umask=022"];

/** Trailing whitespace and a CR on every line, up to `bytes`. */
function everyLineFaulty(bytes: number): string {
  const out: string[] = [];
  let n = 0;
  for (let i = 0; ; i++) {
    const line = `${SETTINGS[i % SETTINGS.length]}  \r\n`;
    if (n + line.length > bytes) break;
    out.push(line);
    n += line.length;
  }
  return out.join("");
}

/** Milliseconds of CPU this process spends in `f`. */
function cpuMs(f: () => void): number {
  const start = process.cpuUsage();
  f();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function fixDryRun(text: string): string[] {
  const notes: string[] = [];
  const summary = fixFiles([{ file: "big.conf", bytes: Buffer.from(text) }], {
    options: { distro: "debian", standalone: true },
    dryRun: true,
    notes: (t) => notes.push(t),
    problems: (t) => notes.push(t),
  });
  expect(summary.refused).toBe(0);
  return notes;
}

describe("lint --fix on a file with a fault on every line", () => {
  const text = everyLineFaulty(99_999);

  it("fixes 100,000 bytes and prints the diff in under a second", () => {
    fixDryRun(everyLineFaulty(5_000)); // loads and compiles the rules, as any run does once
    let notes: string[] = [];
    const ms = cpuMs(() => (notes = fixDryRun(text)));
    console.log(`fix of ${text.length} bytes, ${text.split("\n").length - 1} lines: ${ms.toFixed(0)} ms CPU`);
    const diff = notes.join("");
    expect(diff).toContain("@@ -1,5084 +1,5084 @@\n-ftpd_banner=hello  \\r\n");
    expect(diff).toContain("+ftpd_banner=hello\n");
    expect(ms).toBeLessThan(1000);
  });

  it("prints a diff whose size grows linearly", () => {
    const time = (bytes: number) => {
      const before = everyLineFaulty(bytes);
      const after = before.replace(/ +\r\n/g, "\n");
      return cpuMs(() => fixDiff("x.conf", before, after, "fixed"));
    };
    time(10_000);
    expect(time(99_999)).toBeLessThan(300);
  });

  it("applies fixes on every line in linear time", () => {
    const lines = text.split("\n");
    const findings = lines.map((l, i) => ({
      code: "VSF104",
      rule: "trailing-whitespace",
      severity: "info" as const,
      messageId: "harmless",
      message: "m",
      file: "x",
      line: i + 1,
      col: 1,
      fix: [{ line: i + 1, startCol: l.length, endCol: l.length + 1, text: "" }],
    }));
    expect(cpuMs(() => applyFixes(text, findings))).toBeLessThan(200);
  });
});
