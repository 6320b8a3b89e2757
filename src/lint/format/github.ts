/**
 * GitHub Actions workflow commands: each finding becomes an annotation on the
 * pull request, `::error file=F,line=L,col=C,title=T::message`. Escaping
 * follows the runner's own (actions/toolkit core/command.ts): the message
 * escapes %, CR and LF; properties also escape ":" and ",", which would
 * otherwise end the property.
 */
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { Severity } from "../rule.js";
import type { Formatter } from "./index.js";

const COMMAND: Readonly<Record<Severity, string>> = { error: "error", warning: "warning", info: "notice" };

export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** Annotations attach to paths relative to the workspace; keep paths outside it as given. */
function annotationPath(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, resolve(cwd, file));
  return rel && rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel) ? rel : file;
}

const format: Formatter = (results) => {
  const out: string[] = [];
  for (const f of results.flatMap((r) => r.findings)) {
    const props = [
      `file=${escapeProperty(annotationPath(f.file))}`,
      `line=${f.line}`,
      `col=${f.col}`,
      `title=${escapeProperty(`${f.code} ${f.rule}`)}`,
    ];
    out.push(`::${COMMAND[f.severity]} ${props.join(",")}::${escapeData(f.message)}`);
  }
  return out.length ? out.join("\n") + "\n" : "";
};

export default format;
