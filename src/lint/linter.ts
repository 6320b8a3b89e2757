/**
 * Runs every rule over one parsed config in a single pass, then drops
 * suppressed findings. Pure: host access goes through HostFacts.
 *
 * Root cause first: rules read the config as it was meant (src/lint/intent.ts),
 * so a line vsftpd cannot parse is reported once, by the syntax rule that
 * explains it, and not again by every rule about the option it was meant to
 * set. Findings on the lines vsftpd refuses come first in the output.
 */
import type { HostFacts } from "../host/facts.js";
import { interpret } from "../vsftpd/interpret.js";
import { scanBytes, type ScannedConf } from "../vsftpd/scan.js";
import type { FileResult, Finding } from "./finding.js";
import type { LintOptions, Report, Rule, RuleContext } from "./rule.js";
import { RULES } from "./rules/index.js";
import { intentOf } from "./intent.js";
import { collectSuppressions, isSuppressed } from "./suppress.js";

/** Every rule's code, for telling a misspelt code in a directive from a rule that did not run. */
const KNOWN: ReadonlySet<string> = new Set(RULES.map((r) => r.code));

export function formatMessage(template: string, data: Report["data"]): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) => {
    const v = data?.[key];
    return v === undefined ? m : String(v);
  });
}

export interface LintInput {
  readonly file: string;
  readonly bytes: Uint8Array;
  readonly options: LintOptions;
  readonly host?: HostFacts;
  /** Defaults to every registered rule. */
  readonly rules?: readonly Rule[];
}

function lineText(scan: ScannedConf, line: number): string | undefined {
  return scan.lines[line - 1]?.text;
}

export function lintScanned(scan: ScannedConf, input: Omit<LintInput, "bytes">): Finding[] {
  const conf = interpret(scan, input.options.distro);
  const intent = intentOf(scan, conf);
  const view = intent?.effective ?? conf.effective;
  /** Set when the rule read an option a faulty line left unknown: what it reports next is a consequence. */
  let unsure = false;
  const read = (n: string) => {
    if (intent?.unknown.has(n)) unsure = true;
    return n;
  };
  const findings: Finding[] = [];
  let current: Rule;
  const ctx: RuleContext = {
    file: input.file,
    scan,
    conf,
    options: input.options,
    ...(input.host ? { host: input.host } : {}),
    get: (n) => view.get(read(n)),
    isSet: (n) => view.isSet(read(n)),
    source: (n) => view.source(read(n)),
    report(r) {
      if (unsure) {
        unsure = false;
        return;
      }
      const template = (current.messages as Readonly<Record<string, string>>)[r.messageId];
      if (template === undefined) throw new Error(`${current.code}: no message ${r.messageId}`);
      const line = r.at?.line ?? 1;
      const col = r.at ? ("nameCol" in r.at ? r.at.nameCol : r.at.col) : 1;
      const source = r.at ? lineText(scan, line) : undefined;
      findings.push({
        code: current.code,
        rule: current.name,
        severity: r.severity ?? current.severity,
        messageId: r.messageId,
        message: formatMessage(template, r.data),
        file: input.file,
        line,
        col,
        ...(source !== undefined ? { source } : {}),
        ...(r.fix?.length ? { fix: r.fix } : {}),
      });
    },
  };
  const ran = new Set<string>();
  const rules = input.rules ?? RULES;
  for (const rule of rules) {
    if (rule.host && !input.host) continue;
    ran.add(rule.code);
    current = rule;
    unsure = false;
    rule.check(ctx);
  }
  const suppressions = collectSuppressions(scan);
  const kept = findings.filter((f) => !isSuppressed(f, suppressions));
  const checked = findings.length;
  for (const rule of rules) {
    if (!rule.checkDirectives || !ran.has(rule.code)) continue;
    current = rule;
    rule.checkDirectives(ctx, { codes: suppressions.codes, isRule: (c) => c === "ALL" || KNOWN.has(c), ran: (c) => c === "ALL" || ran.has(c) });
  }
  // Reports about the directives can be silenced only file-wide and by code: no directive targets a comment line.
  kept.push(...findings.slice(checked).filter((f) => !isSuppressed(f, suppressions, false)));
  const refused = new Set(conf.items.filter((i) => i.refusal).map((i) => i.setting.line));
  const rank = (f: Finding) => (refused.has(f.line) ? 0 : 1);
  return kept.sort((a, b) => rank(a) - rank(b) || a.line - b.line || a.col - b.col || a.code.localeCompare(b.code));
}

export function lintBytes(input: LintInput): FileResult {
  const scan = scanBytes(input.bytes);
  const text = Buffer.from(input.bytes).toString("utf8");
  return { file: input.file, text, findings: lintScanned(scan, input) };
}
