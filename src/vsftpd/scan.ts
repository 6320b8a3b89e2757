/**
 * Splits config text into lines exactly as vsftpd 3.0.3's parseconf.c does.
 * This layer knows nothing about option names or kinds; see interpret.ts.
 *
 * vsftpd's rules, in order: split at "\n" only (a CR stays in the line);
 * skip empty lines, lines whose first byte is "#", and all-whitespace lines;
 * strip leading whitespace; split at the first "="; trim nothing else.
 */

/** Bytes vsftpd reads from a config file (VSFTP_CONF_FILE_MAX); the rest is ignored. */
export const CONF_FILE_MAX = 100_000;

export const BOM = "\uFEFF";

/** C isspace(): space, \t, \n, \v, \f, \r. */
export function isCSpace(ch: string | undefined): boolean {
  return ch === " " || ch === "\t" || ch === "\n" || ch === "\v" || ch === "\f" || ch === "\r";
}

export type LineKind = "blank" | "comment" | "setting";

export interface ConfLine {
  /** 1-based line number. */
  readonly line: number;
  /** The line's text without its "\n" (a trailing "\r" is kept). */
  readonly text: string;
  readonly kind: LineKind;
}

export interface SettingLine extends ConfLine {
  readonly kind: "setting";
  /** Everything between the stripped leading whitespace and the first "=". */
  readonly name: string;
  /** Everything after the first "="; `null` when the line has no "=". */
  readonly value: string | null;
  /** 1-based column where the name starts. */
  readonly nameCol: number;
  /** 1-based column where the value starts (just after "="); equals the line end when there is no "=". */
  readonly valueCol: number;
}

export type AnyLine = ConfLine | SettingLine;

export interface ScannedConf {
  readonly lines: readonly AnyLine[];
  readonly settings: readonly SettingLine[];
  /** True when text beyond CONF_FILE_MAX bytes was dropped before scanning. */
  readonly truncated: boolean;
  /** 1-based line holding the first byte vsftpd ignores, when truncated. */
  readonly truncatedAtLine?: number;
}

function isAllSpace(text: string): boolean {
  for (const ch of text) if (!isCSpace(ch)) return false;
  return true;
}

export function scanText(text: string, truncated = false, truncatedAtLine?: number): ScannedConf {
  const raw = text.split("\n");
  // A final "\n" ends the last line rather than starting an empty one.
  if (raw.length > 1 && raw[raw.length - 1] === "") raw.pop();
  const lines: AnyLine[] = [];
  const settings: SettingLine[] = [];
  raw.forEach((lineText, i) => {
    const line = i + 1;
    if (lineText === "" || isAllSpace(lineText)) {
      lines.push({ line, text: lineText, kind: "blank" });
      return;
    }
    if (lineText[0] === "#") {
      lines.push({ line, text: lineText, kind: "comment" });
      return;
    }
    let start = 0;
    while (isCSpace(lineText[start])) start++;
    const eq = lineText.indexOf("=", start);
    const setting: SettingLine = {
      line,
      text: lineText,
      kind: "setting",
      name: eq < 0 ? lineText.slice(start) : lineText.slice(start, eq),
      value: eq < 0 ? null : lineText.slice(eq + 1),
      nameCol: start + 1,
      valueCol: eq < 0 ? lineText.length + 1 : eq + 2,
    };
    lines.push(setting);
    settings.push(setting);
  });
  return truncatedAtLine === undefined ? { lines, settings, truncated } : { lines, settings, truncated, truncatedAtLine };
}

/**
 * Scans raw bytes: keeps only the first CONF_FILE_MAX bytes, as vsftpd does,
 * and decodes them as UTF-8 (callers reject non-UTF-8 input beforehand).
 */
export function scanBytes(bytes: Uint8Array): ScannedConf {
  if (bytes.length <= CONF_FILE_MAX) return scanText(Buffer.from(bytes).toString("utf8"));
  const kept = Buffer.from(bytes.subarray(0, CONF_FILE_MAX)).toString("utf8");
  const truncatedAtLine = kept.split("\n").length;
  return scanText(kept, true, truncatedAtLine);
}

/**
 * A line of vsftpd's `name=value` shape: a name, then "=" (blanks before it are a typo vsftpd
 * refuses, but the line is still meant as a setting). A misspelt name such as `listne=YES` has
 * this shape; a line of /etc/shadow or /etc/passwd (`root:$6$...`) does not.
 */
const NAME_VALUE = /^[ \t\v\f\r]*\uFEFF?[ \t]*[A-Za-z_][A-Za-z0-9_.-]*[ \t]*=/;
const COMMENT = /^[ \t\v\f\r]*\uFEFF?[ \t]*#/;
/** The longest name prefix ever quoted from a file that is not a config. */
const PREFIX_MAX = 12;

/** Why a text is no vsftpd config at all, without quoting any value from it. */
export interface NotAConfig {
  /** Its lines that are neither blank nor comments. */
  readonly lines: number;
  /** The name-like characters its first such line begins with, at most PREFIX_MAX ("" when none). */
  readonly prefix: string;
  /** Its first such line reads like YAML or JSON (`key: value`, `{`): a profile, perhaps. */
  readonly profileLike: boolean;
}

/**
 * A text with content but not one line of the `name=value` shape is not a vsftpd config (a
 * shadow file, a YAML profile, a key given by mistake): linting it line by line would quote every
 * line back, secrets included. Stops at the first setting-shaped line, so a real config costs
 * a line or two. An empty or comments-only file is a config (vsftpd starts with it).
 */
export function notAConfig(text: string): NotAConfig | undefined {
  let lines = 0;
  let first: string | undefined;
  let start = 0;
  while (start <= text.length) {
    const nl = text.indexOf("\n", start);
    const line = text.slice(start, nl < 0 ? text.length : nl);
    start = nl < 0 ? text.length + 1 : nl + 1;
    if (isAllSpace(line) || COMMENT.test(line)) continue;
    if (NAME_VALUE.test(line)) return undefined;
    lines++;
    first ??= line;
  }
  if (first === undefined) return undefined;
  const lead = first.replace(/^[\s\uFEFF]+/, "");
  const name = /^[A-Za-z0-9_.-]*/.exec(lead)![0];
  return { lines, prefix: name.slice(0, PREFIX_MAX), profileLike: /^([A-Za-z_][\w-]*:(\s|$)|[{[]|---)/.test(lead) };
}
