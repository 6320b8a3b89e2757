/**
 * Machine-readable results, described by schemas/lint-result.schema.json.
 * Keys are written in a fixed order and nothing depends on the clock or the
 * machine, so the same input gives byte-identical output.
 */
import { countBySeverity, type Finding } from "../finding.js";
import type { Formatter } from "./index.js";

declare const __FTPCTL_VERSION__: string | undefined;

/** Set by the bundler from package.json; "dev" when running from source. */
export const TOOL = {
  name: "ftpctl",
  version: typeof __FTPCTL_VERSION__ === "string" ? __FTPCTL_VERSION__ : "dev",
} as const;

/** The shape of this document; bumped with schemas/lint-result.schema.json whenever it changes. */
export const JSON_FORMAT_VERSION = 2;

function finding(f: Finding) {
  return {
    code: f.code,
    rule: f.rule,
    severity: f.severity,
    messageId: f.messageId,
    message: f.message,
    line: f.line,
    col: f.col,
    ...(f.source !== undefined ? { source: f.source } : {}),
    fixable: Boolean(f.fix?.length),
  };
}

const format: Formatter = (results, ctx) => {
  const c = countBySeverity(results.flatMap((r) => r.findings));
  const missed = ctx.unprocessed ?? [];
  const doc = {
    version: JSON_FORMAT_VERSION,
    tool: { name: TOOL.name, version: TOOL.version },
    distro: ctx.distro,
    files: results.map((r) => ({ file: r.file, findings: r.findings.map(finding) })),
    summary: { files: results.length, errors: c.error, warnings: c.warning, infos: c.info, ...(missed.length ? { unprocessed: missed.length } : {}) },
    // Only when there are any, so a clean run's document is unchanged.
    ...(missed.length ? { unprocessed: missed.map((u) => ({ file: u.file, error: u.error })) } : {}),
  };
  return JSON.stringify(doc, null, 2) + "\n";
};

export default format;
