/**
 * Applies the edits carried by findings. Edits on one line are applied right
 * to left; an edit overlapping one already taken is skipped, and the caller
 * lints again to pick it up on the next round. Lines are split at "\n" only,
 * as vsftpd splits them, so a CR is just another character of its line.
 */
import type { Finding } from "./finding.js";
import type { Edit } from "./rule.js";

/** An edit that points outside its line would corrupt text it was never meant to touch. */
function fits(e: Edit, line: string): boolean {
  return Number.isInteger(e.startCol) && Number.isInteger(e.endCol) && e.startCol >= 1 && e.endCol >= e.startCol && e.endCol <= line.length + 1;
}

export function applyFixes(text: string, findings: readonly Finding[]): string {
  return applyFixesToLines(text.split("\n"), findings).join("\n");
}

/**
 * The same, line by line: entry i is what line i becomes. An entry holds a
 * "\n" where a fix inserted a line above; no edit crosses a line end, so
 * lines are never joined or dropped. Linear in the text and the edits.
 */
export function applyFixesToLines(original: readonly string[], findings: readonly Finding[]): string[] {
  const lines = [...original];
  const byLine = new Map<number, Map<string, Edit>>();
  for (const f of findings) {
    for (const e of f.fix ?? []) {
      const edits = byLine.get(e.line) ?? byLine.set(e.line, new Map()).get(e.line)!;
      // Two rules proposing the same repair must not apply it twice (an insertion would double).
      edits.set(JSON.stringify([e.startCol, e.endCol, e.text]), e);
    }
  }
  for (const [line, unique] of byLine) {
    let s = lines[line - 1];
    if (s === undefined) continue;
    const edits = [...unique.values()].filter((e) => fits(e, s!));
    edits.sort((a, b) => b.startCol - a.startCol || b.endCol - a.endCol);
    let floor = Infinity;
    for (const e of edits) {
      if (e.endCol > floor) continue;
      s = s.slice(0, e.startCol - 1) + e.text + s.slice(e.endCol - 1);
      floor = e.startCol;
    }
    lines[line - 1] = s;
  }
  return lines;
}
