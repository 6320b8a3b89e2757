/**
 * SARIF 2.1.0 for code-scanning uploads: one run, every rule described in
 * tool.driver.rules (so viewers can show rules with no results), one result
 * per finding. Locations are relative URIs against %SRCROOT%, the current
 * directory, which is what GitHub code scanning expects.
 */
import { relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { Finding } from "../finding.js";
import type { Severity } from "../rule.js";
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

function result(f: Finding, ruleIndex: number | undefined, artifactIndex: number) {
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
  };
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
              // No absolute docs URL exists yet, and helpUri must be absolute.
              properties: { docs: `docs/rules/${r.code}.md`, category: r.category, tags: [r.category] },
            })),
          },
        },
        originalUriBaseIds: { [ROOT]: { uri: pathToFileURL(process.cwd() + "/").href } },
        artifacts: results.map((r) => ({ location: { uri: relativeUri(r.file), uriBaseId: ROOT }, roles: ["analysisTarget"] })),
        columnKind: "utf16CodeUnits",
        properties: { distro: ctx.distro },
        results: results.flatMap((r, i) => r.findings.map((f) => result(f, ruleIndex.get(f.code), i))),
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
