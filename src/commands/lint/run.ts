/**
 * `ftpctl lint`: read, lint (or fix), format, and decide the exit code:
 * 0 clean, 1 errors or too many warnings (or a file --fix could not make
 * parseable), 2 when any file could not be read or written. Unreadable files
 * are reported one line each on stderr; the others are still linted.
 */
import type { Io } from "../../core/io.js";
import { InputError, UsageError } from "../../core/errors.js";
import { DISTRO_PATHS, resolveDistro } from "../../host/distro.js";
import type { HostFacts } from "../../host/facts.js";
import { localHostFacts } from "../../host/local-facts.js";
import type { Executor } from "../../provision/executor.js";
import { dirname } from "node:path";
import type { FileResult, Finding } from "../../lint/finding.js";
import { findProjectConfig, ignoredIn } from "../../lint/project-config.js";

type Severity = Finding["severity"];
import { FORMAT_NAMES, loadFormatter, type FormatName, type Unprocessed } from "../../lint/format/index.js";
import { lintBytes } from "../../lint/linter.js";
import { RULES } from "../../lint/rules/index.js";
import { readConfigFile } from "../../lint/source.js";

export interface LintCommandOptions {
  readonly files: readonly string[];
  readonly format: FormatName;
  /** undefined: the project config's, else auto. */
  readonly distro: string | undefined;
  readonly host: boolean;
  readonly inetd: boolean;
  /** undefined: the project config's, else -1 (no limit). */
  readonly maxWarnings: number | undefined;
  /** Codes never reported (--ignore), on top of the project config's. */
  readonly ignore?: readonly string[];
  /** Findings below this are not reported (--severity-threshold; --quiet is "error"). */
  readonly severityThreshold?: Severity;
  /** Do not look for .ftpctl-lint.yaml. */
  readonly noConfig?: boolean;
  readonly fix: boolean;
  /** With `fix`: show the diff and lint the fixed text, but write nothing. */
  readonly fixDryRun?: boolean;
  readonly color: boolean;
  /** The name standard input ("-" among `files`) goes by in findings and messages. */
  readonly stdinFilename?: string;
  /**
   * A server reached with --ssh: the files are read there, --distro auto
   * reads its os-release, and --host judges it (remote/remote-facts.ts).
   */
  readonly remote?: Executor;
}

/** What standard input is called when --stdin-filename does not say. */
export const STDIN_NAME = "<stdin>";


/** Flags yargs lets through (a non-numeric --max-warnings arrives as NaN). */
function checkFlags(opts: LintCommandOptions): void {
  const bad = (opts.ignore ?? []).filter((c) => !/^VSF\d{3}$/.test(c));
  if (bad.length) throw new UsageError(`--ignore takes rule codes (VSF606), not ${bad.map((b) => `'${b}'`).join(", ")}`);
  if (opts.maxWarnings !== undefined && (!Number.isInteger(opts.maxWarnings) || opts.maxWarnings < -1)) {
    throw new UsageError(`--max-warnings needs a whole number, -1 for no limit (got ${String(opts.maxWarnings)})`);
  }
  if (!(FORMAT_NAMES as readonly string[]).includes(opts.format)) throw new UsageError(`unknown format '${String(opts.format)}'; use ${FORMAT_NAMES.join(", ")}`);
  const stdin = opts.files.filter((f) => f === "-").length;
  if (stdin > 1) throw new UsageError("'-' (standard input) can be given only once");
  if (stdin && opts.fix && !opts.fixDryRun) {
    throw new UsageError(`--fix rewrites files in place, and standard input (${opts.stdinFilename ?? STDIN_NAME}) is not a file: use --fix-dry-run to see the fixes`);
  }
  if (opts.stdinFilename !== undefined && !stdin) {
    throw new UsageError("--stdin-filename names standard input, so it needs '-' among the files (ftpctl lint --stdin-filename NAME -)");
  }
  if (opts.remote && (opts.fix || opts.fixDryRun)) throw new UsageError("--fix and --fix-dry-run edit files here, not on a server reached with --ssh: lint the server's config, then fix it there");
  if (opts.remote && !opts.host) throw new UsageError("--ssh goes with --host: it lints a server's config against that server");
  if (opts.stdinFilename !== undefined && (opts.stdinFilename === "" || /[\0\n\r]/.test(opts.stdinFilename))) {
    throw new UsageError("--stdin-filename needs a name on one line");
  }
}

export function verdict(results: readonly FileResult[], maxWarnings: number): 0 | 1 {
  const all = results.flatMap((r) => r.findings);
  if (all.some((f) => f.severity === "error")) return 1;
  const warnings = all.filter((f) => f.severity === "warning").length;
  return maxWarnings >= 0 && warnings > maxWarnings ? 1 : 0;
}

const RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

/** Each file's findings without the ignored codes and those below the threshold, by flags, then the file's project config. */
async function applySettings(results: readonly FileResult[], opts: LintCommandOptions, stdinName: string): Promise<FileResult[]> {
  const out: FileResult[] = [];
  for (const r of results) {
    const config = opts.noConfig || opts.remote ? undefined : await findProjectConfig(r.file === stdinName ? process.cwd() : dirname(r.file));
    const ignored = new Set([...(opts.ignore ?? []), ...(config ? ignoredIn(config, r.file) : [])]);
    const threshold = RANK[opts.severityThreshold ?? config?.severityThreshold ?? "info"];
    out.push({ ...r, findings: r.findings.filter((f) => !ignored.has(f.code) && RANK[f.severity] >= threshold) });
  }
  return out;
}

export async function runLint(rawOpts: LintCommandOptions, io: Io): Promise<number> {
  checkFlags(rawOpts);
  // Settings for the whole run (distro, max-warnings) come from the config nearest the first file.
  const first = rawOpts.files.find((f) => f !== "-");
  const project = rawOpts.noConfig || rawOpts.remote ? undefined : await findProjectConfig(first !== undefined ? dirname(first) : process.cwd());
  const opts: LintCommandOptions & { maxWarnings: number } = { ...rawOpts, distro: rawOpts.distro ?? project?.distro ?? "auto", maxWarnings: rawOpts.maxWarnings ?? project?.maxWarnings ?? -1 };
  const remote = opts.remote;
  // Loaded only for --ssh: a local lint's start-up does not pay for it.
  const far = remote ? { ...(await import("../../remote/remote-config.js")), ...(await import("../../remote/remote-facts.js")) } : undefined;
  const distro = remote && far && opts.distro === "auto" ? await far.remoteDistro(remote) : resolveDistro(opts.distro!);
  const files = opts.files.length ? opts.files : [DISTRO_PATHS[distro].config];
  let host: HostFacts | undefined = opts.host && !remote ? localHostFacts() : undefined;
  const options = { distro, standalone: !opts.inetd };
  const inputs: { file: string; bytes: Uint8Array }[] = [];
  let unreadable = 0;
  const unprocessed: Unprocessed[] = [];
  const stdinName = opts.stdinFilename ?? STDIN_NAME;
  for (const file of files) {
    try {
      // Read on the server; a file that cannot be read is reported like a local one.
      // Standard input is linted under its given name, as ESLint's --stdin-filename.
      inputs.push(file === "-" ? { file: stdinName, bytes: readConfigFile("-", stdinName) } : { file, bytes: remote && far ? await far.readRemoteConfig(remote, file) : readConfigFile(file) });
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      io.stderr(`ftpctl: ${err.message}\n`);
      unreadable++;
      unprocessed.push({ file: file === "-" ? stdinName : file, error: err.reason });
    }
  }
  // The rules ask the server their questions in rounds, until they ask nothing new.
  if (remote && far) host = await far.remoteHostFacts(remote, (facts) => inputs.forEach(({ file, bytes }) => lintBytes({ file, bytes, options, host: facts })));
  let results: readonly FileResult[];
  let stuck = 0;
  if (opts.fix || opts.fixDryRun) {
    const { fixFiles } = await import("../../lint/fix.js");
    // Diffs are for people: keep them out of stdout when stdout is a machine format.
    const notes = opts.format === "text" ? io.stdout : io.stderr;
    const summary = fixFiles(inputs, { options, notes, problems: io.stderr, dryRun: Boolean(opts.fixDryRun), ...(host ? { host } : {}) });
    results = summary.results;
    unreadable += summary.failed;
    unprocessed.push(...summary.failures);
    stuck = summary.refused;
  } else {
    results = inputs.map(({ file, bytes }) => lintBytes({ file, bytes, options, ...(host ? { host } : {}) }));
  }
  results = await applySettings(results, opts, stdinName);
  // "0 files checked: no problems" would read as a pass when nothing could be read.
  if (results.length || opts.format !== "text") {
    const formatter = await loadFormatter(opts.format);
    io.stdout(formatter(results, { color: opts.color, rules: RULES, distro, unprocessed }));
  }
  if (unreadable) return 2;
  if (stuck) return 1;
  const code = verdict(results, opts.maxWarnings);
  const over = warningsOver(results, opts.maxWarnings);
  // ESLint's habit: a failure nobody can see in the findings gets its own line.
  if (over !== undefined) io.stderr(`ftpctl: ${over.warnings} warning${over.warnings === 1 ? "" : "s"} found; --max-warnings allows ${opts.maxWarnings}\n`);
  return code;
}

/** The warning count when it alone exceeds --max-warnings (no error decided the exit first). */
function warningsOver(results: readonly FileResult[], maxWarnings: number): { warnings: number } | undefined {
  const all = results.flatMap((r) => r.findings);
  if (maxWarnings < 0 || all.some((f) => f.severity === "error")) return undefined;
  const warnings = all.filter((f) => f.severity === "warning").length;
  return warnings > maxWarnings ? { warnings } : undefined;
}
