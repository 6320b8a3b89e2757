/**
 * gcc-style lines, `file:line:col: severity: message [CODE]`, each followed
 * by the offending line and a caret, then a one-line summary.
 */
import { shown } from "../../core/shown.js";
import { countBySeverity } from "../finding.js";
import { QUOTE_MAX } from "../quote.js";
import type { Formatter } from "./index.js";

const COLORS = { error: "\x1b[31m", warning: "\x1b[33m", info: "\x1b[36m" } as const;
const RESET = "\x1b[0m";

const SHOWN: Readonly<Record<string, string>> = { "\r": "\\r", "\n": "\\n", "\t": "\\t", "\uFEFF": "<BOM>" };

/**
 * Makes control characters visible, so CR, tabs and BOMs show where they are
 * and a raw CR in a quoted name cannot send the cursor back over the line.
 */
export function visible(text: string): string {
  return text.replace(/[\x00-\x1f\x7f\uFEFF]/g, (c) => SHOWN[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/**
 * At most QUOTE_MAX characters of the line, around the caret, and the caret's offset in them: a
 * long line (a secret pasted by mistake) is never printed whole.
 */
export function excerpt(source: string, col: number): { text: string; caret: number } {
  const chars = [...source];
  const at = Math.min(Math.max(col - 1, 0), chars.length);
  const start = chars.length <= QUOTE_MAX ? 0 : Math.max(0, Math.min(at - QUOTE_MAX / 3, chars.length - QUOTE_MAX));
  const end = Math.min(chars.length, start + QUOTE_MAX);
  const lead = start > 0 ? "…" : "";
  const text = lead + visible(chars.slice(start, end).join("")) + (end < chars.length ? "…" : "");
  return { text, caret: lead.length + visible(chars.slice(start, at).join("")).length };
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

const format: Formatter = (results, ctx) => {
  const out: string[] = [];
  const all = results.flatMap((r) => r.findings);
  for (const f of all) {
    const sev = ctx.color ? `${COLORS[f.severity]}${f.severity}${RESET}` : f.severity;
    out.push(`${shown(f.file)}:${f.line}:${f.col}: ${sev}: ${visible(f.message)} [${f.code}]`);
    if (f.source !== undefined) {
      const shown = excerpt(f.source, f.col);
      out.push(`  ${shown.text}`);
      out.push(`  ${" ".repeat(shown.caret)}^`);
    }
  }
  const c = countBySeverity(all);
  // ESLint's habit: say how many of them `--fix` repairs, so the operator knows it is worth running.
  const fixable = all.filter((f) => f.fix?.length).length;
  const fixes = fixable ? ` (${fixable} fixable with --fix)` : "";
  out.push(
    all.length === 0
      ? `${count(results.length, "file")} checked: no problems`
      : `${count(results.length, "file")} checked: ${count(c.error, "error")}, ${count(c.warning, "warning")}, ${c.info} info${fixes}`,
  );
  return out.join("\n") + "\n";
};

export default format;
