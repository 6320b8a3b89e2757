/** `ftpctl lint`: read, lint, format, and decide the exit code. */
import type { Io } from "../cli.js";
import { InputError } from "../core/errors.js";
import { DISTRO_PATHS, resolveDistro } from "../host/distro.js";
import { localHostFacts } from "../host/local-facts.js";
import type { FileResult } from "./finding.js";
import { loadFormatter, type FormatName } from "./format/index.js";
import { lintBytes } from "./linter.js";
import { RULES } from "./rules/index.js";
import { readConfigFile } from "./source.js";

export interface LintCommandOptions {
  readonly files: readonly string[];
  readonly format: FormatName;
  readonly distro: string;
  readonly host: boolean;
  readonly inetd: boolean;
  readonly maxWarnings: number;
  readonly fix: boolean;
  readonly color: boolean;
}

export async function runLint(opts: LintCommandOptions, io: Io): Promise<number> {
  const distro = resolveDistro(opts.distro);
  const files = opts.files.length ? opts.files : [DISTRO_PATHS[distro].config];
  const host = opts.host ? localHostFacts() : undefined;
  const options = { distro, standalone: !opts.inetd };
  const results: FileResult[] = [];
  let unreadable = 0;
  for (const file of files) {
    try {
      const bytes = readConfigFile(file);
      results.push(lintBytes({ file, bytes, options, ...(host ? { host } : {}) }));
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      io.stderr(`ftpctl: ${err.message}\n`);
      unreadable++;
    }
  }
  if (opts.fix) {
    const { fixResults } = await import("./fix.js");
    return fixResults(results, { options, io, ...(host ? { host } : {}) });
  }
  const formatter = await loadFormatter(opts.format);
  io.stdout(formatter(results, { color: opts.color, rules: RULES, distro }));
  if (unreadable) return 2;
  const all = results.flatMap((r) => r.findings);
  const errors = all.filter((f) => f.severity === "error").length;
  const warnings = all.filter((f) => f.severity === "warning").length;
  if (errors > 0) return 1;
  if (opts.maxWarnings >= 0 && warnings > opts.maxWarnings) return 1;
  return 0;
}
