/**
 * gcc-style lines, `file:line:col: severity: message [CODE]`, each followed
 * by the offending line and a caret, then a one-line summary.
 */
import { countBySeverity } from "../finding.js";
import type { Formatter } from "./index.js";

const COLORS = { error: "\x1b[31m", warning: "\x1b[33m", info: "\x1b[36m" } as const;
const RESET = "\x1b[0m";

/** Makes control characters visible, so CR, tabs and BOMs show where they are. */
export function visible(text: string): string {
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f\uFEFF]/g, (c) =>
    c === "\r" ? "\\r" : c === "\uFEFF" ? "<BOM>" : `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`,
  ).replace(/\t/g, "\\t");
}

const format: Formatter = (results, ctx) => {
  const out: string[] = [];
  const all = results.flatMap((r) => r.findings);
  for (const f of all) {
    const sev = ctx.color ? `${COLORS[f.severity]}${f.severity}${RESET}` : f.severity;
    out.push(`${f.file}:${f.line}:${f.col}: ${sev}: ${f.message} [${f.code}]`);
    if (f.source !== undefined) {
      const before = visible(f.source.slice(0, f.col - 1));
      out.push(`  ${visible(f.source)}`);
      out.push(`  ${" ".repeat(before.length)}^`);
    }
  }
  const c = countBySeverity(all);
  const files = results.length === 1 ? "1 file" : `${results.length} files`;
  out.push(
    all.length === 0
      ? `${files} checked: no problems`
      : `${files} checked: ${c.error} error(s), ${c.warning} warning(s), ${c.info} info`,
  );
  return out.join("\n") + "\n";
};

export default format;
