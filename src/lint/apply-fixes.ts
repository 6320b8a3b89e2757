/**
 * Applies the edits carried by findings. Edits on one line are applied right
 * to left; an edit overlapping one already taken is skipped, and the caller
 * lints again to pick it up on the next round.
 */
import type { Finding } from "./finding.js";
import type { Edit } from "./rule.js";

export function applyFixes(text: string, findings: readonly Finding[]): string {
  const lines = text.split("\n");
  const byLine = new Map<number, Edit[]>();
  for (const f of findings) for (const e of f.fix ?? []) (byLine.get(e.line) ?? byLine.set(e.line, []).get(e.line)!).push(e);
  for (const [line, edits] of byLine) {
    let s = lines[line - 1];
    if (s === undefined) continue;
    edits.sort((a, b) => b.startCol - a.startCol || b.endCol - a.endCol);
    let floor = Infinity;
    for (const e of edits) {
      if (e.endCol > floor) continue;
      s = s.slice(0, e.startCol - 1) + e.text + s.slice(e.endCol - 1);
      floor = e.startCol;
    }
    lines[line - 1] = s;
  }
  return lines.join("\n");
}
