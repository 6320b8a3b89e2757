/**
 * The syntax faults of one setting line, and which of them explains vsftpd's
 * refusal. Every VSF1xx rule reads this analysis, so a refused line gets
 * exactly one error: from the most specific fault rule, or from the generic
 * rule (VSF101, VSF109, VSF110) when no syntax fault explains the refusal.
 *
 * A fault "explains" a refusal when, with every other fault on the line
 * repaired, vsftpd would still refuse the line for the same reason. That
 * keeps `listen ` (no value at all) with VSF109 rather than VSF104, and
 * gives `Listen=on` to VSF102, because vsftpd's complaint is the name.
 */
import type { Distro, OptionSpec, Value } from "../vsftpd/option-spec.js";
import { interpretSetting, type Interpreted } from "../vsftpd/interpret.js";
import { hasOption, optionSpec, optionsFor } from "../vsftpd/registry.js";
import { BOM, isCSpace, scanText, type ScannedConf, type SettingLine } from "../vsftpd/scan.js";
import type { Edit, RuleContext, Severity } from "./rule.js";

export type FaultKind =
  | "bom"
  | "indented-comment"
  | "option-case"
  | "space-around-equals"
  | "crlf"
  | "trailing-whitespace"
  | "inline-comment";

/** Most specific first: the order in which faults claim a refusal. */
export const PRIORITY: readonly FaultKind[] = [
  "bom",
  "indented-comment",
  "option-case",
  "space-around-equals",
  "crlf",
  "trailing-whitespace",
  "inline-comment",
];

/**
 * What a fault means for the line. `refused`: it explains vsftpd's refusal.
 * `also`: another fault explains the refusal, but this one alone would
 * stop vsftpd too. `extra`: the line is refused for a reason no repair
 * removes, and this fault comes on top. `changes`: vsftpd accepts the line
 * but reads a different value. `harmless`: vsftpd reads the same value.
 */
export type Role = "refused" | "also" | "extra" | "changes" | "harmless";

export const ROLE_SEVERITY: Readonly<Record<Role, Severity>> = {
  refused: "error",
  also: "warning",
  extra: "warning",
  changes: "warning",
  harmless: "info",
};

/** A setting line taken apart the way the faults need it. */
export interface Parts {
  readonly text: string;
  /** The line ends in "\r" (Windows line ending); `body` excludes it. */
  readonly cr: boolean;
  readonly body: string;
  readonly bom: boolean;
  /** Leading whitespace after any BOM. */
  readonly indent: string;
  /** Offset in `text` where the name starts. */
  readonly nameStart: number;
  /** The name as vsftpd cuts it, minus BOM and indentation, up to "=" or the end of the body. */
  readonly name: string;
  /** Offset in `text` of the "=", or -1. */
  readonly eq: number;
  /** The body after "=" ("" when there is no "="). */
  readonly value: string;
}

export interface Fault {
  readonly kind: FaultKind;
  /** 1-based column the finding points at. */
  readonly col: number;
  /** Edits that remove the fault; the analysis tries them. */
  readonly repair: readonly Edit[];
  /** Edits `--fix` may apply; absent where the intent is unknown or the repair would break an accepted line. */
  readonly fix?: readonly Edit[];
  readonly role: Role;
  /** How vsftpd reads the line with only this fault left; `undefined` when that is a comment or blank. */
  readonly alone?: Interpreted;
}

export interface LineAnalysis {
  readonly setting: SettingLine;
  readonly parts: Parts;
  /** How vsftpd reads the line as written. */
  readonly item: Interpreted;
  readonly faults: readonly Fault[];
  /** How vsftpd reads the line with every fault repaired; `undefined` when that is a comment or blank. */
  readonly repaired?: Interpreted;
  /** Who reports the refusal: a fault, VSF111 for a line cut at 100000 bytes, or the generic rules. */
  readonly explainedBy?: FaultKind | "truncated" | "generic";
  /** The name the writer meant: BOM, indentation and spaces dropped, case corrected. */
  readonly intendedName: string;
  /** That option, when this build has it. */
  readonly intended?: OptionSpec;
}

const trailingSpace = (s: string): number => {
  let i = s.length;
  while (i > 0 && isCSpace(s[i - 1])) i--;
  return s.length - i;
};

const leadingSpace = (s: string): number => {
  let i = 0;
  while (i < s.length && isCSpace(s[i])) i++;
  return i;
};

export function splitParts(text: string): Parts {
  const cr = text.endsWith("\r");
  const body = cr ? text.slice(0, -1) : text;
  const bom = body.startsWith(BOM);
  const afterBom = bom ? 1 : 0;
  const indent = body.slice(afterBom, afterBom + leadingSpace(body.slice(afterBom)));
  const nameStart = afterBom + indent.length;
  const eq = body.indexOf("=", nameStart);
  return {
    text,
    cr,
    body,
    bom,
    indent,
    nameStart,
    name: eq < 0 ? body.slice(nameStart) : body.slice(nameStart, eq),
    eq,
    value: eq < 0 ? "" : body.slice(eq + 1),
  };
}

/** Offset in the value where an inline comment starts (its leading whitespace), or -1. */
function inlineCommentAt(value: string): number {
  const m = /[ \t\n\v\f\r]+#/.exec(value);
  return m ? m.index : -1;
}

const del = (line: number, from: number, to: number): Edit => ({ line, startCol: from + 1, endCol: to + 1, text: "" });

let lowerNames: Map<Distro, Map<string, string>> | undefined;

/** The option this build has whose name differs from `name` only in case. */
export function caseInsensitiveMatch(name: string, distro: Distro): string | undefined {
  lowerNames ??= new Map();
  let m = lowerNames.get(distro);
  if (!m) {
    m = new Map(optionsFor(distro).map((o) => [o.name.toLowerCase(), o.name]));
    lowerNames.set(distro, m);
  }
  return m.get(name.toLowerCase());
}

/** Applies non-overlapping edits to one line, right to left. */
function edit(text: string, edits: readonly Edit[]): string {
  let s = text;
  for (const e of [...edits].sort((a, b) => b.startCol - a.startCol)) s = s.slice(0, e.startCol - 1) + e.text + s.slice(e.endCol - 1);
  return s;
}

function read(text: string, line: number, distro: Distro): Interpreted | undefined {
  const l = scanText(text).lines[0];
  if (!l || l.kind !== "setting") return undefined;
  return interpretSetting({ ...(l as SettingLine), line }, distro);
}

function sameValue(a: Interpreted | undefined, b: Interpreted | undefined): boolean {
  if (!a || !b) return a === b;
  return a.refusal === b.refusal && a.spec === b.spec && a.value === b.value;
}

interface Candidate {
  readonly kind: FaultKind;
  readonly col: number;
  readonly repair: readonly Edit[];
  /** False where the repair guesses at intent (an inline comment in a string). */
  readonly fixable: boolean;
  /** Lines the fix inserts above, as an extra edit at column 1. */
  readonly insertAbove?: string;
}

function candidates(p: Parts, L: number, distro: Distro): { list: Candidate[]; intendedName: string } {
  const list: Candidate[] = [];
  if (p.bom) list.push({ kind: "bom", col: 1, repair: [del(L, 0, 1)], fixable: true });
  if (p.cr) list.push({ kind: "crlf", col: p.text.length, repair: [del(L, p.text.length - 1, p.text.length)], fixable: true });
  const bare = p.name.slice(0, p.name.length - trailingSpace(p.name));
  // A "#" name is a comment that vsftpd misreads; nothing after it is a setting's fault.
  if (p.name.startsWith("#")) {
    const start = p.nameStart - p.indent.length;
    if (p.indent !== "") list.push({ kind: "indented-comment", col: p.nameStart + 1, repair: [del(L, start, p.nameStart)], fixable: true });
    list.sort((a, b) => PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind));
    return { list, intendedName: bare };
  }
  const canonical = caseInsensitiveMatch(bare, distro);
  if (canonical !== undefined && canonical !== bare) {
    const repair = [{ line: L, startCol: p.nameStart + 1, endCol: p.nameStart + bare.length + 1, text: canonical }];
    list.push({ kind: "option-case", col: p.nameStart + 1, repair, fixable: true });
  }
  const intendedName = canonical ?? bare;
  const spec = optionSpec(intendedName);
  const kind = spec && hasOption(spec, distro) ? spec.kind : undefined;
  const valueStart = p.eq + 1;
  const inline = p.eq < 0 ? -1 : inlineCommentAt(p.value);
  const content = inline < 0 ? p.value : p.value.slice(0, inline);
  if (p.eq >= 0) {
    const before = trailingSpace(p.name);
    const after = leadingSpace(content) < content.length ? leadingSpace(content) : 0;
    if (before > 0 || after > 0) {
      const repair: Edit[] = [];
      if (before > 0) repair.push(del(L, p.eq - before, p.eq));
      if (after > 0) repair.push(del(L, valueStart, valueStart + after));
      const col = before > 0 ? p.eq - before + 1 : valueStart + 1;
      list.push({ kind: "space-around-equals", col, repair, fixable: true });
    }
  }
  if (inline >= 0) {
    const hash = valueStart + p.value.indexOf("#", inline);
    const comment = p.body.slice(hash, p.body.length - trailingSpace(p.body));
    const fixable = kind !== undefined && kind !== "string" && leadingSpace(content) < content.length;
    list.push({
      kind: "inline-comment",
      col: hash + 1,
      repair: [del(L, valueStart + inline, p.body.length)],
      fixable,
      // LF even in a CRLF file: VSF105's fix, applied in the same pass, removes the others.
      insertAbove: comment + "\n",
    });
  } else {
    // After an inline comment, trailing whitespace is part of the comment.
    const end = p.body.length - trailingSpace(p.body);
    if (end < p.body.length && end > p.nameStart) {
      list.push({ kind: "trailing-whitespace", col: end + 1, repair: [del(L, end, p.body.length)], fixable: true });
    }
  }
  list.sort((a, b) => PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind));
  return { list, intendedName };
}

/**
 * The faults `--fix` may repair. A fix must never turn a line vsftpd accepts
 * into one it refuses, whichever of the line's fixes end up applied together
 * (an edit overlapping another rule's waits for the next round):
 * `max_clients= \r` reads 0, but without both the space and the CR it has
 * no value at all. Such a line keeps all its faults unfixed.
 */
function fixableSet(list: readonly Candidate[], item: Interpreted, text: string, read: (text: string) => Interpreted | undefined): Set<Candidate> {
  const wanted = list.filter((c) => c.fixable);
  if (item.refusal) return new Set(wanted);
  for (let mask = 1; mask < 1 << wanted.length; mask++) {
    const subset = wanted.filter((_, i) => mask & (1 << i));
    if (read(edit(text, subset.flatMap((c) => c.repair)))?.refusal) return new Set();
  }
  return new Set(wanted);
}

export function analyzeLine(setting: SettingLine, distro: Distro, opts: { cut?: boolean } = {}): LineAnalysis {
  const p = splitParts(setting.text);
  const L = setting.line;
  const item = interpretSetting(setting, distro);
  const { list, intendedName } = candidates(p, L, distro);
  const found = optionSpec(intendedName);
  const intended = found && hasOption(found, distro) ? found : undefined;
  // The repair subsets below overlap (with two faults, every subset is tried twice): read each text once.
  const readings = new Map<string, Interpreted | undefined>();
  const readOnce = (text: string) => {
    if (!readings.has(text)) readings.set(text, read(text, L, distro));
    return readings.get(text);
  };
  const except = (skip: Candidate | undefined) => readOnce(edit(p.text, list.filter((c) => c !== skip).flatMap((c) => c.repair)));
  const repaired = except(undefined);
  const alone = new Map(list.map((c) => [c, except(c)]));

  let explainedBy: LineAnalysis["explainedBy"];
  if (item.refusal) {
    if (opts.cut) explainedBy = "truncated";
    else if (repaired?.refusal === item.refusal) explainedBy = "generic";
    else {
      const same = list.find((c) => alone.get(c)?.refusal === item.refusal);
      explainedBy = (same ?? list.find((c) => alone.get(c)?.refusal) ?? list[0])?.kind ?? "generic";
    }
  }

  const fixable = fixableSet(list, item, p.text, readOnce);
  const faults = list.map((c): Fault => {
    const a = alone.get(c);
    let role: Role;
    if (explainedBy === c.kind) role = "refused";
    else if (a?.refusal) role = repaired?.refusal ? "extra" : "also";
    else if (item.refusal && repaired?.refusal) role = "extra";
    else role = sameValue(a, repaired) ? "harmless" : "changes";
    const fix = fixable.has(c) ? (c.insertAbove ? [{ line: L, startCol: 1, endCol: 1, text: c.insertAbove }, ...c.repair] : c.repair) : undefined;
    return { kind: c.kind, col: c.col, repair: c.repair, role, ...(fix ? { fix } : {}), ...(a ? { alone: a } : {}) };
  });

  return {
    setting,
    parts: p,
    item,
    faults,
    ...(repaired ? { repaired } : {}),
    ...(explainedBy ? { explainedBy } : {}),
    intendedName,
    ...(intended ? { intended } : {}),
  };
}

const cache = new WeakMap<ScannedConf, Map<Distro, readonly LineAnalysis[]>>();

/** Every setting line's analysis, computed once per scan and build for all the rules that ask. */
export function analyzeConf(scan: ScannedConf, distro: Distro): readonly LineAnalysis[] {
  let byDistro = cache.get(scan);
  if (!byDistro) cache.set(scan, (byDistro = new Map()));
  let all = byDistro.get(distro);
  if (!all) {
    all = scan.settings.map((s) => analyzeLine(s, distro, { cut: scan.truncated && s.line === scan.truncatedAtLine }));
    byDistro.set(distro, all);
  }
  return all;
}

/** Each line's fault of one kind, with its analysis. */
export function faultsOf(scan: ScannedConf, distro: Distro, kind: FaultKind): { a: LineAnalysis; f: Fault }[] {
  const out: { a: LineAnalysis; f: Fault }[] = [];
  for (const a of analyzeConf(scan, distro)) {
    const f = a.faults.find((x) => x.kind === kind);
    if (f) out.push({ a, f });
  }
  return out;
}

/** Makes invisible characters visible in messages: CR, tabs, BOMs and other controls. */
export function shown(s: string): string {
  return s.replace(/[\x00-\x1f\x7f\uFEFF]/g, (c) => {
    if (c === "\r") return "\\r";
    if (c === "\t") return "\\t";
    if (c === "\uFEFF") return "<BOM>";
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
  });
}

/** A value as a reader of the config would write it. */
export function describeValue(value: Value | undefined, spec: OptionSpec | undefined): string {
  if (value === null || value === undefined) return "unset";
  if (typeof value === "boolean") return value ? "YES" : "NO";
  if (typeof value === "number") return spec?.kind === "mode" ? `0${value.toString(8)}` : String(value);
  return `'${shown(value)}'`;
}

/** What vsftpd does with a refused reading, after "vsftpd ". */
export function verdict(it: Interpreted | undefined): string {
  if (it?.refusal === "crash") return "crashes at startup with a segmentation fault (no message, exit status 139)";
  return `refuses to start (${shown(it?.message ?? "")})`;
}

/** vsftpd's own words for a refused reading, made printable. */
export function said(it: Interpreted | undefined): string {
  return it?.refusal === "crash" ? "segmentation fault" : shown(it?.message ?? "");
}

/** The message data every fault rule can use. */
export function faultData(a: LineAnalysis, f: Fault, distro: Distro): Record<string, string> {
  const spec = a.intended;
  const p = a.parts;
  return {
    name: shown(p.name.slice(0, p.name.length - trailingSpace(p.name))),
    option: shown(a.intendedName),
    verdict: verdict(a.item),
    next: said(f.alone),
    got: describeValue(f.alone?.value, spec),
    want: describeValue(a.repaired?.value, spec),
    // Nothing to compare with when the repaired line would have no value at all.
    instead: a.repaired && !a.repaired.refusal ? `, not ${describeValue(a.repaired.value, spec)}` : "",
    kind: spec?.kind === "mode" ? "uint" : (spec?.kind ?? "unknown"),
    distro,
  };
}

/**
 * The message for a fault: its role (refused, also, extra, changes,
 * harmless), or `crash` where the fault leaves Debian's build a string value
 * of nothing but whitespace, for rules that word that case themselves.
 */
export function messageIdFor(a: LineAnalysis, f: Fault, hasCrash: boolean): Role | "crash" {
  return hasCrash && f.role === "refused" && a.item.refusal === "crash" ? "crash" : f.role;
}

/**
 * Reports one fault kind on every line that has it. The role sets the
 * severity, so a refused line gets its one error from the fault that explains it.
 */
export function reportFaults(
  ctx: RuleContext,
  kind: FaultKind,
  more?: (a: LineAnalysis, f: Fault) => Record<string, string | number>,
  hasCrash = false,
): void {
  for (const { a, f } of faultsOf(ctx.scan, ctx.options.distro, kind)) {
    ctx.report({
      messageId: messageIdFor(a, f, hasCrash),
      data: { ...faultData(a, f, ctx.options.distro), ...more?.(a, f) },
      at: { line: a.setting.line, col: f.col },
      severity: ROLE_SEVERITY[f.role],
      ...(f.fix ? { fix: f.fix } : {}),
    });
  }
}
