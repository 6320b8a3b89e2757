/**
 * SARIF 2.1.0 for code-scanning uploads: one run, every rule described in
 * tool.driver.rules (so viewers can show rules with no results), one result
 * per finding. Locations are relative URIs against %SRCROOT%, the current
 * directory, which is what GitHub code scanning expects. Each rule carries a
 * helpUri (its docs page), and each finding `--fix` can repair carries the
 * repair as a SARIF fix.
 */
import { relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { FileResult, Finding } from "../finding.js";
import type { Edit, Severity } from "../rule.js";
import { helpUri } from "./help-uri.js";
import type { Formatter } from "./index.js";
import { TOOL } from "./json.js";

const SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
const ROOT = "%SRCROOT%";

const LEVEL: Readonly<Record<Severity, "error" | "warning" | "note">> = { error: "error", warning: "warning", info: "note" };

/** A relative URI reference for a path: percent-encoded segments joined by "/". */
export function relativeUri(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, resolve(cwd, file)) || ".";
  return rel.split(sep).map(encodeURIComponent).join("/");
}

/** Where each line of `text` starts, in UTF-16 code units; lines split at "\n" only, as vsftpd and --fix split them. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * A finding's --fix edits as one SARIF fix. Regions are character offsets
 * rather than lines and columns: SARIF ends a line at a CR too, while vsftpd
 * (and the edit that deletes a stray CR) counts the CR as part of its line.
 */
function fixOf(f: Finding, edits: readonly Edit[], starts: readonly number[], artifactIndex: number) {
  return {
    description: { text: `Apply the repair \`ftpctl lint --fix\` makes for ${f.code}` },
    artifactChanges: [
      {
        artifactLocation: { uri: relativeUri(f.file), uriBaseId: ROOT, index: artifactIndex },
        replacements: edits.map((e) => ({
          deletedRegion: { charOffset: (starts[e.line - 1] ?? 0) + e.startCol - 1, charLength: e.endCol - e.startCol },
          ...(e.text !== "" ? { insertedContent: { text: e.text } } : {}),
        })),
      },
    ],
  };
}

function result(f: Finding, ruleIndex: number | undefined, artifactIndex: number, starts: () => readonly number[]) {
  return {
    ruleId: f.code,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: relativeUri(f.file), uriBaseId: ROOT, index: artifactIndex },
          region: {
            startLine: f.line,
            startColumn: f.col,
            ...(f.source !== undefined ? { snippet: { text: f.source } } : {}),
          },
        },
      },
    ],
    ...(f.fix?.length ? { fixes: [fixOf(f, f.fix, starts(), artifactIndex)] } : {}),
  };
}

function resultsOf(r: FileResult, artifactIndex: number, ruleIndex: ReadonlyMap<string, number>) {
  let starts: number[] | undefined;
  return r.findings.map((f) => result(f, ruleIndex.get(f.code), artifactIndex, () => (starts ??= lineStarts(r.text))));
}

const format: Formatter = (results, ctx) => {
  const ruleIndex = new Map(ctx.rules.map((r, i) => [r.code, i]));
  const missed = ctx.unprocessed ?? [];
  const sarif = {
    $schema: SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: TOOL.name,
            version: TOOL.version,
            rules: ctx.rules.map((r) => ({
              id: r.code,
              name: r.name,
              shortDescription: { text: r.description },
              fullDescription: { text: `${r.description} (${r.category} check; see docs/rules/${r.code}.md)` },
              defaultConfiguration: { level: LEVEL[r.severity] },
              helpUri: helpUri(r.code),
              properties: { docs: `docs/rules/${r.code}.md`, category: r.category, tags: [r.category] },
            })),
          },
        },
        originalUriBaseIds: { [ROOT]: { uri: pathToFileURL(process.cwd() + "/").href } },
        artifacts: results.map((r) => ({ location: { uri: relativeUri(r.file), uriBaseId: ROOT }, roles: ["analysisTarget"] })),
        columnKind: "utf16CodeUnits",
        properties: { distro: ctx.distro },
        results: results.flatMap((r, i) => resultsOf(r, i, ruleIndex)),
        // A file that could not be read makes the run unsuccessful: SARIF says so in an invocation's notifications.
        ...(missed.length
          ? {
              invocations: [
                {
                  executionSuccessful: false,
                  exitCode: 2,
                  toolExecutionNotifications: missed.map((u) => ({
                    level: "error",
                    message: { text: `${u.file}: ${u.error}` },
                    locations: [{ physicalLocation: { artifactLocation: { uri: relativeUri(u.file), uriBaseId: ROOT } } }],
                  })),
                },
              ],
            }
          : {}),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
};

export default format;
