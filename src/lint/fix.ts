/**
 * `lint --fix`: applies the purely syntactic repairs rules attach to their
 * findings, in rounds until nothing changes, and writes the result only when
 * vsftpd would parse every line of it. A fix that leaves vsftpd refusing the
 * file would trade one broken config for another, with a rewritten file and
 * a backup to show for it; such files are left alone and the diff is shown.
 */
import { realpathSync } from "node:fs";
import { FtpctlError, InputError } from "../core/errors.js";
import { checkTarget, FILE_MODE, writeFile } from "../core/atomic-write.js";
import { CONFIG_INPUT, readInput } from "../core/read-input.js";
import { shown } from "../core/shown.js";
import type { HostFacts } from "../host/facts.js";
import { interpret, type Interpreted } from "../vsftpd/interpret.js";
import { scanBytes } from "../vsftpd/scan.js";
import { applyFixesToLines } from "./apply-fixes.js";
import type { FileResult, Finding } from "./finding.js";
import type { Unprocessed } from "./format/index.js";
import { lintBytes } from "./linter.js";
import type { LintOptions, Rule } from "./rule.js";
import { visible } from "./format/text.js";

/** Enough for fixes that uncover one another (a BOM hiding a miscased name); more means rules disagree. */
export const MAX_ROUNDS = 10;

export interface Settled {
  readonly text: string;
  /**
   * What each line of the original became: entry i replaces line i, holding a
   * "\n" where a fix inserted a line above it. Fixes never join or drop
   * lines, so this is the diff, without searching for one.
   */
  readonly lines: readonly string[];
  /** The findings for `text` from the last round, when it settled: a caller need not lint it again. */
  readonly findings?: readonly Finding[];
  /** Rounds that changed the text. */
  readonly rounds: number;
  /** False when the text was still changing after MAX_ROUNDS. */
  readonly settled: boolean;
}

/** Lints, applies every fix, and repeats until the text stops changing. */
export function fixText(text: string, lint: (text: string) => readonly Finding[]): Settled {
  let current = text;
  let parts = text.split("\n");
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const all = lint(current);
    const findings = all.filter((f) => f.fix?.length);
    if (!findings.length) return { text: current, lines: parts, findings: all, rounds: round, settled: true };
    // Lines as the rules saw them, each with the original line it belongs to.
    const seen: string[] = [];
    const owner: number[] = [];
    parts.forEach((p, i) => {
      for (const l of p.split("\n")) {
        seen.push(l);
        owner.push(i);
      }
    });
    const fixed = applyFixesToLines(seen, findings);
    if (fixed.every((l, i) => l === seen[i])) return { text: current, lines: parts, findings: all, rounds: round, settled: true };
    const next: string[] = parts.map(() => "");
    fixed.forEach((l, i) => {
      const o = owner[i]!;
      next[o] = i > 0 && owner[i - 1] === o ? `${next[o]}\n${l}` : l;
    });
    parts = next;
    current = parts.join("\n");
  }
  return { text: current, lines: parts, rounds: MAX_ROUNDS, settled: false };
}

/** The first line vsftpd would refuse in this text, reading it as vsftpd reads the file. */
export function firstRefusal(text: string, options: LintOptions): Interpreted | undefined {
  return interpret(scanBytes(Buffer.from(text, "utf8")), options.distro).firstRefusal;
}

export interface FixTarget {
  readonly file: string;
  readonly bytes: Uint8Array;
}

export interface FixSettings {
  readonly options: LintOptions;
  readonly host?: HostFacts;
  /** Defaults to every registered rule. */
  readonly rules?: readonly Rule[];
  /** Show the diff and lint the fixed text, but write nothing. */
  readonly dryRun?: boolean;
  /** Diffs and progress notes. */
  readonly notes: (text: string) => void;
  /** One line per file that could not be fixed. */
  readonly problems: (text: string) => void;
}

export interface FixSummary {
  /** Lint results for what is on disk afterwards (for a dry run, for what would be). */
  readonly results: readonly FileResult[];
  /** Files left alone because vsftpd would still refuse the fixed text. */
  readonly refused: number;
  /** Files that could not be written. */
  readonly failed: number;
  /** Why each of those could not be written, for the machine formats. */
  readonly failures: readonly Unprocessed[];
}

/** Lines of the original that the fixes rewrote. */
function changedLines(before: string, after: readonly string[]): number {
  const old = before.split("\n");
  return after.reduce((n, l, i) => n + (l === old[i] ? 0 : 1), 0);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

const MARKS: readonly (readonly [string, string])[] = [
  ["\\r", "\\r is a carriage return"],
  ["<BOM>", "<BOM> a byte-order mark"],
  ["\\t", "\\t a tab"],
  ["\u00b7", "\u00b7 a trailing space"],
];

/** Lines of unchanged text shown around each change, as `diff -u` does. */
const CONTEXT = 3;

/** One line as the diff shows it: CRs, BOMs and tabs as in the text output, trailing spaces as "\u00b7". */
const show = (l: string) => visible(l).replace(/ +$/, (sp) => "\u00b7".repeat(sp.length));

/**
 * A unified diff in which every byte the fixes touch can be seen: CRs, BOMs
 * and tabs as in the text output, trailing spaces as "\u00b7". Without this a CRLF
 * fix would show every line removed and re-added unchanged.
 *
 * `after` is what each line of `before` became (Settled.lines), so the diff
 * is read off the fixes in one pass: no edit-distance search, which is
 * quadratic when nearly every line changes. A plain text is taken line for
 * line, which is the same thing when no line was inserted.
 */
export function fixDiff(file: string, before: string, after: string | readonly string[], label: string): string {
  const old = before.split("\n");
  const now = typeof after === "string" ? after.split("\n") : after;
  if (now.length !== old.length) throw new Error("fixDiff: the fixed text does not line up with the original");
  // A final "\n" ends the last line rather than starting an empty one.
  const eol = before.endsWith("\n");
  const n = eol && now[now.length - 1] === "" ? old.length - 1 : old.length;
  const added = now.slice(0, n).map((l) => l.split("\n"));
  const changed = (i: number) => now[i] !== old[i];
  const noEol = (i: number) => (!eol && i === n - 1 ? ["\\ No newline at end of file"] : []);
  const out = [`--- ${shown(file)}\toriginal`, `+++ ${shown(file)}\t${label}`];
  let body = "";
  let newLine = 1;
  let i = 0;
  while (i < n) {
    if (!changed(i)) {
      newLine++;
      i++;
      continue;
    }
    // A hunk: from CONTEXT lines before this change to CONTEXT lines after the last change within reach.
    const start = Math.max(0, i - CONTEXT);
    const newStart = newLine - (i - start);
    let end = i;
    for (let j = i; j < n && j <= end + 2 * CONTEXT; j++) if (changed(j)) end = j;
    const stop = Math.min(n, end + CONTEXT + 1);
    const lines: string[] = [];
    let oldLen = 0;
    let newLen = 0;
    for (let j = start; j < stop; ) {
      if (!changed(j)) {
        lines.push(` ${show(old[j]!)}`, ...noEol(j));
        oldLen++;
        newLen++;
        j++;
        continue;
      }
      let k = j;
      while (k < stop && changed(k)) k++;
      for (let m = j; m < k; m++) lines.push(`-${show(old[m]!)}`, ...noEol(m));
      for (let m = j; m < k; m++) {
        const ls = added[m]!;
        ls.forEach((l, x) => lines.push(`+${show(l)}`, ...(x === ls.length - 1 ? noEol(m) : [])));
        newLen += ls.length;
      }
      oldLen += k - j;
      j = k;
    }
    out.push(`@@ -${start + 1},${oldLen} +${newStart},${newLen} @@`, ...lines);
    body += lines.join("\n");
    for (let j = i; j < stop; j++) newLine += changed(j) ? added[j]!.length : 1;
    i = stop;
  }
  const patch = out.join("\n") + "\n";
  const legend = MARKS.filter(([mark]) => body.includes(mark)).map(([, text]) => text);
  return legend.length ? `${patch}(${legend.join(", ")})\n` : patch;
}

/** The refusal left in the fixed text, and whether the fixes caused it (a rule bug) or failed to remove it. */
function whyNotWritten(stop: Interpreted, before: string, options: LintOptions): string {
  const said = visible(stop.refusal === "crash" ? (stop.message ?? "") : `500 OOPS: ${stop.message ?? ""}`);
  const was = interpret(scanBytes(Buffer.from(before, "utf8")), options.distro).items.some((i) => i.refusal && i.message === stop.message);
  return was
    ? `line ${stop.setting.line} would still stop vsftpd (${said}); fix that line by hand, then run --fix again`
    : `the fixes would make line ${stop.setting.line} stop vsftpd (${said}), which the original does not; please report this`;
}

/**
 * Backs up and replaces the real file behind `file`, refusing if it changed
 * since it was linted. Written by the one writer, with the checks `render -o`
 * gets: a link on the way that belongs to neither root nor the caller is not
 * followed (an unprivileged user's link must not steer root's write), and
 * only a regular file is replaced.
 */
function writeFixed(file: string, original: Uint8Array, text: string): string {
  try {
    return replaceFile(file, original, text);
  } catch (err) {
    if (err instanceof FtpctlError) throw err;
    throw new FtpctlError(`${shown(file)}: cannot fix in place: ${(err as Error).message}`);
  }
}

function replaceFile(file: string, original: Uint8Array, text: string): string {
  // A symlinked config (/etc/vsftpd.conf -> ...) must stay a symlink: the writer replaces its target.
  const target = checkTarget(file, "follow");
  if (!target.existing) throw new FtpctlError(`${shown(file)}: not written: it is gone, and --fix rewrites files in place`);
  if (!readInput(target.path, CONFIG_INPUT, { shown: file }).equals(original)) throw new FtpctlError(`${shown(file)}: not written: it changed on disk while being fixed`);
  const w = writeFile(file, text, { mode: FILE_MODE, links: "follow", backup: true });
  return w.backup ?? `${w.path}.bak`;
}

export function fixFiles(targets: readonly FixTarget[], settings: FixSettings): FixSummary {
  const { options, host, rules, notes, problems } = settings;
  const lintText = (file: string, text: string) =>
    lintBytes({ file, bytes: Buffer.from(text, "utf8"), options, ...(host ? { host } : {}), ...(rules ? { rules } : {}) });
  const results: FileResult[] = [];
  const seen = new Set<string>();
  let refused = 0;
  let failed = 0;
  const failures: Unprocessed[] = [];
  for (const { file, bytes } of targets) {
    const real = realpathOr(file);
    if (seen.has(real)) continue; // Fixing twice would overwrite the first backup with the fixed text.
    seen.add(real);
    const before = Buffer.from(bytes).toString("utf8");
    const fixed = fixText(before, (t) => lintText(file, t).findings);
    if (fixed.text === before) {
      notes(`${shown(file)}: nothing to fix\n`);
      results.push(lintText(file, before));
      continue;
    }
    const stop = firstRefusal(fixed.text, options);
    if (stop) {
      notes(fixDiff(file, before, fixed.lines, "fixed, not written"));
      problems(`ftpctl: ${shown(file)}: not written: ${whyNotWritten(stop, before, options)}\n`);
      refused++;
      results.push(lintText(file, before));
      continue;
    }
    const fixedResult = (): FileResult => (fixed.findings ? { file, text: fixed.text, findings: fixed.findings } : lintText(file, fixed.text));
    if (settings.dryRun) {
      notes(fixDiff(file, before, fixed.lines, "fixed, not written (dry run)"));
      results.push(fixedResult());
      continue;
    }
    try {
      const backup = writeFixed(file, bytes, fixed.text);
      notes(fixDiff(file, before, fixed.lines, "fixed"));
      const unsettled = fixed.settled ? "" : ` (fixes still changing after ${MAX_ROUNDS} rounds; please report this)`;
      notes(`${shown(file)}: fixed ${plural(changedLines(before, fixed.lines), "line")}${unsettled}; original kept as ${shown(backup)}\n`);
      results.push(fixedResult());
    } catch (err) {
      if (!(err instanceof FtpctlError)) throw err;
      notes(fixDiff(file, before, fixed.lines, "fixed, not written"));
      problems(`ftpctl: ${err.message}\n`);
      failed++;
      failures.push({ file, error: err instanceof InputError ? err.reason : err.message });
      results.push(lintText(file, before));
    }
  }
  return { results, refused, failed, failures };
}

function realpathOr(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}
