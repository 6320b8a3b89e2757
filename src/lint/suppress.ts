/**
 * `# ftpctl-disable CODE[,CODE]` silences the next setting line;
 * `# ftpctl-disable-file CODE[,CODE]` silences the whole file.
 * Only a column-0 "#" line qualifies: it is the one comment vsftpd accepts.
 * Applied after all rules run, so no rule needs to know about it. Each code
 * of each directive records whether it silenced anything, so that VSF112
 * can report the ones that name no rule or silence nothing, as ESLint
 * reports unused disable directives.
 */
import type { ScannedConf } from "../vsftpd/scan.js";
import type { Finding } from "./finding.js";

/** A reason may follow after "--": `# ftpctl-disable VSF601 -- uploads stay private`. */
const DIRECTIVE = /^#\s*ftpctl-disable(-file)?(?:\s+([A-Za-z0-9_, ]+?))?\s*(?:--.*)?$/;

/** One code named by one directive; a directive that names none is one entry with code "". */
export interface DirectiveCode {
  /** Upper-cased, as matched against findings; ALL matches every code; "" for a directive naming none. */
  readonly code: string;
  /** The directive's line and the code's 1-based column in it. */
  readonly line: number;
  readonly col: number;
  readonly scope: "file" | "next";
  /** For `next`: the setting line it silences; absent when no setting line follows. */
  readonly target?: number;
  /** The same directive named this code before, at that column: this one silences nothing. */
  readonly duplicateOf?: number;
  /** Set when the code silenced at least one finding. */
  used: boolean;
}

export interface Suppressions {
  readonly codes: readonly DirectiveCode[];
}

/** The codes of a directive's list, with their columns in `text` (the list starts at `offset`). */
function codesAt(list: string, offset: number): { code: string; col: number }[] {
  return [...list.matchAll(/[^,\s]+/g)].map((m) => ({ code: m[0].toUpperCase(), col: offset + m.index + 1 }));
}

export function collectSuppressions(scan: ScannedConf): Suppressions {
  const out: DirectiveCode[] = [];
  let pending: DirectiveCode[] = [];
  for (const l of scan.lines) {
    if (l.kind === "comment") {
      const text = l.text.replace(/\r$/, "");
      const m = DIRECTIVE.exec(text);
      if (!m) continue;
      const scope = m[1] ? "file" : "next";
      const list = m[2] ?? "";
      const codes = codesAt(list, text.indexOf(list, text.indexOf("disable") + 7));
      // A bare directive silences nothing, and is kept so that VSF112 can say so.
      if (!codes.length) codes.push({ code: "", col: 1 });
      const seen = new Map<string, number>();
      for (const c of codes) {
        const first = seen.get(c.code);
        const d: DirectiveCode = { ...c, line: l.line, scope, ...(first !== undefined ? { duplicateOf: first } : {}), used: false };
        if (first === undefined) seen.set(c.code, c.col);
        out.push(d);
        if (scope === "next") pending.push(d);
      }
    } else if (l.kind === "setting" && pending.length) {
      for (const d of pending) Object.assign(d, { target: l.line });
      pending = [];
    }
  }
  return { codes: out };
}

/**
 * Whether a directive silences `f`; marks every directive code that does as
 * used. `all: false` for reports about the directives themselves, so an ALL
 * that silences nothing else cannot silence its own report.
 */
export function isSuppressed(f: Finding, s: Suppressions, all = true): boolean {
  let hit = false;
  for (const d of s.codes) {
    if (d.duplicateOf !== undefined) continue;
    if (d.code !== f.code && !(all && d.code === "ALL")) continue;
    if (d.scope === "next" && d.target !== f.line) continue;
    d.used = true;
    hit = true;
  }
  return hit;
}
