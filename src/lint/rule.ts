/**
 * The contract every lint rule follows: one rule per file, carrying its code,
 * severity, message templates and a check over one parsed config.
 */
import type { Distro, Value } from "../vsftpd/option-spec.js";
import type { Interpretation, Interpreted } from "../vsftpd/interpret.js";
import type { ScannedConf, SettingLine } from "../vsftpd/scan.js";
import type { HostFacts } from "../host/facts.js";
import type { DirectiveCode } from "./suppress.js";
import type { OptionName } from "../vsftpd/options.js";

export type Severity = "error" | "warning" | "info";

/**
 * Where vsftpd's refusal (if any) bites. `startup`: vsftpd never listens.
 * `session`: clients get 500 OOPS. `trap`: vsftpd runs but not as written.
 * `security`: runs as written, unsafely. `host`: depends on the machine.
 */
export type Category = "syntax" | "startup" | "session" | "trap" | "security" | "host";

/** A text edit on one line: replace columns [startCol, endCol) (1-based) with `text`. */
export interface Edit {
  readonly line: number;
  readonly startCol: number;
  readonly endCol: number;
  readonly text: string;
}

/** `M` is the rule's message ids, so a report naming a message the rule lacks does not compile. */
export interface Report<M extends string = string> {
  readonly messageId: M;
  readonly data?: Readonly<Record<string, string | number>>;
  /** The line the finding points at; omitted for a finding about a missing line. */
  readonly at?: SettingLine | { readonly line: number; readonly col: number };
  /** Overrides the rule's severity where one rule covers cases of different weight. */
  readonly severity?: Severity;
  /** Purely syntactic repairs that `--fix` may apply. */
  readonly fix?: readonly Edit[];
}

export interface LintOptions {
  readonly distro: Distro;
  /** vsftpd started by systemd or by hand (listen mode), not by inetd. */
  readonly standalone: boolean;
}

export interface RuleContext<M extends string = string> {
  readonly file: string;
  readonly scan: ScannedConf;
  readonly conf: Interpretation;
  readonly options: LintOptions;
  /** Present only under `lint --host`. */
  readonly host?: HostFacts;
  /** The value in force for this build: last assignment, else the compiled default. */
  get(name: OptionName): Value;
  isSet(name: OptionName): boolean;
  /** The accepted line that set the value in force. */
  source(name: OptionName): Interpreted | undefined;
  report(report: Report<M>): void;
}

export interface Rule<M extends string = string> {
  /** Stable code, e.g. VSF101; also the docs page name. */
  readonly code: string;
  /** Kebab-case name shown beside the code. */
  readonly name: string;
  readonly severity: Severity;
  readonly category: Category;
  /** One sentence: what the rule finds. */
  readonly description: string;
  /** messageId → template with {placeholders}. */
  readonly messages: Readonly<Record<M, string>>;
  /** Runs only under `lint --host`. */
  readonly host?: boolean;
  readonly fixable?: boolean;
  check(ctx: RuleContext<M>): void;
  /** Runs after every other rule, on what each `# ftpctl-disable` code silenced (VSF112). */
  checkDirectives?(ctx: RuleContext<M>, use: DirectiveUse): void;
}

/** What the linter knows about the suppression comments once every rule has run. */
export interface DirectiveUse {
  readonly codes: readonly DirectiveCode[];
  /** The code names a rule ftpctl has (or ALL). */
  isRule(code: string): boolean;
  /** That rule ran in this lint, so whether it found anything is known (host rules run only with --host). */
  ran(code: string): boolean;
}

/**
 * Infers the message ids from `messages`, so `check` may report only those
 * (and a rule's test table may expect only those).
 */
export function defineRule<const M extends string>(rule: Rule<M>): Rule<M> {
  return rule;
}
