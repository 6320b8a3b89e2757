/**
 * `# ftpctl-disable CODE[,CODE]` silences the next setting line;
 * `# ftpctl-disable-file CODE[,CODE]` silences the whole file.
 * Only a column-0 "#" line qualifies: it is the one comment vsftpd accepts.
 * Applied after all rules run, so no rule needs to know about it.
 */
import type { ScannedConf } from "../vsftpd/scan.js";
import type { Finding } from "./finding.js";

/** A reason may follow after "--": `# ftpctl-disable VSF601 -- uploads stay private`. */
const DIRECTIVE = /^#\s*ftpctl-disable(-file)?\s+([A-Za-z0-9_, ]+?)\s*(?:--.*)?$/;

export interface Suppressions {
  readonly file: ReadonlySet<string>;
  /** line → codes silenced on that line. */
  readonly lines: ReadonlyMap<number, ReadonlySet<string>>;
}

function codes(list: string): string[] {
  return list
    .split(/[,\s]+/)
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
}

export function collectSuppressions(scan: ScannedConf): Suppressions {
  const file = new Set<string>();
  const lines = new Map<number, Set<string>>();
  let pending: string[] = [];
  for (const l of scan.lines) {
    if (l.kind === "comment") {
      const m = DIRECTIVE.exec(l.text.replace(/\r$/, ""));
      if (!m) continue;
      if (m[1]) codes(m[2]!).forEach((c) => file.add(c));
      else pending.push(...codes(m[2]!));
    } else if (l.kind === "setting" && pending.length) {
      lines.set(l.line, new Set(pending));
      pending = [];
    }
  }
  return { file, lines };
}

export function isSuppressed(f: Finding, s: Suppressions): boolean {
  return s.file.has(f.code) || s.file.has("ALL") || (s.lines.get(f.line)?.has(f.code) ?? false);
}
