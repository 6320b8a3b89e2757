/**
 * glibc inet_aton, which vsftpd calls for listen_address and pasv_address.
 * It is much looser than a dotted quad: one to four parts, each decimal,
 * octal (leading 0) or hex (0x); the last part fills the remaining bytes
 * (127.1 is 127.0.0.1, 2130706433 is too); parsing stops at the first
 * whitespace and ignores the rest. Checked against glibc 2.36 and vsftpd.
 */
import type { RuleContext, Severity } from "../rule.js";
import type { SettingLine } from "../../vsftpd/scan.js";
import { show } from "./show.js";

export interface Aton {
  /** The address as an unsigned 32-bit number. */
  readonly value: number;
  /** The address as a plain dotted quad. */
  readonly dotted: string;
  /** The leading text inet_aton read; the rest starts with whitespace and is ignored. */
  readonly read: string;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
const isOctal = (c: string | undefined) => c !== undefined && c >= "0" && c <= "7";
const isHex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);
const isSpace = (c: string) => c === " " || c === "\t" || c === "\n" || c === "\v" || c === "\f" || c === "\r";

/** Largest value the last part may hold, by how many parts came before it. */
const LAST_MAX = [0xffffffff, 0xffffff, 0xffff, 0xff] as const;
const U32_MAX = 0xffffffff;

/** strtoul(s + i, &end, 0) where s[i] is a digit; `value` is undefined past 32 bits. */
function strtoul(s: string, i: number): { value: number | undefined; end: number } {
  let base = 10;
  let j = i;
  // "0x" counts as a prefix only when a hex digit follows; otherwise strtoul reads just the "0".
  if (s[j] === "0" && (s[j + 1] === "x" || s[j + 1] === "X") && isHex(s[j + 2])) {
    base = 16;
    j += 2;
  } else if (s[j] === "0") {
    base = 8;
  }
  const ok = base === 16 ? isHex : base === 8 ? isOctal : isDigit;
  let value: number | undefined = 0;
  for (; ok(s[j]); j++) {
    if (value === undefined) continue;
    value = value * base + parseInt(s[j]!, 16);
    if (value > U32_MAX) value = undefined;
  }
  return { value, end: j };
}

/** `undefined` where inet_aton returns 0 and vsftpd refuses the value. */
export function inetAton(text: string): Aton | undefined {
  // vsftpd hands a C string over: an embedded NUL ends it.
  const nul = text.indexOf("\0");
  const s = nul < 0 ? text : text.slice(0, nul);
  const parts: number[] = [];
  let i = 0;
  let last: number;
  for (;;) {
    if (!isDigit(s[i])) return undefined;
    const { value, end } = strtoul(s, i);
    if (value === undefined) return undefined;
    i = end;
    if (s[i] !== ".") {
      last = value;
      break;
    }
    if (parts.length > 2 || value > 0xff) return undefined;
    parts.push(value);
    i++;
  }
  if (i < s.length && !isSpace(s[i]!)) return undefined;
  if (last > LAST_MAX[parts.length]!) return undefined;
  const value = parts.reduce((sum, p, k) => sum + p * 2 ** (24 - 8 * k), 0) + last;
  const dotted = [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
  return { value, dotted, read: s.slice(0, i) };
}

/**
 * How an accepted value differs from the plain dotted quad it stands for:
 * `junk` (text after a blank, ignored), `octal` (a leading 0 changes a part's
 * value), `hex` (a 0x part), `short` (fewer than four parts or one number).
 * `undefined` when the value reads as written.
 */
export type AtonQuirk = "junk" | "octal" | "hex" | "short";

export const ATON_QUIRK_WHY: Readonly<Record<AtonQuirk, string>> = {
  junk: "inet_aton stops at the first blank and ignores the rest",
  octal: "inet_aton reads a part with a leading 0 as octal",
  hex: "inet_aton reads 0x as hexadecimal",
  short: "inet_aton lets the last part fill the remaining bytes",
};

/** Octal parts and ignored text are usually accidents; hex and short forms are deliberate. */
export const ATON_QUIRK_SEVERITY: Readonly<Record<AtonQuirk, Severity>> = {
  junk: "warning",
  octal: "warning",
  hex: "info",
  short: "info",
};

export function atonQuirk(text: string, aton: Aton): AtonQuirk | undefined {
  if (aton.read !== text.replace(/[ \t\n\v\f\r]+$/, "")) return "junk";
  if (aton.read === aton.dotted) return undefined;
  if (/(^|\.)0[xX]/.test(aton.read)) return "hex";
  const parts = aton.read.split(".");
  if (parts.length !== 4) return "short";
  // "127.0.0.01" means what it says; "010.0.0.1" does not (it is 8.0.0.1).
  return parts.map((p) => String(parseInt(p, 10))).join(".") === aton.dotted ? undefined : "octal";
}

/**
 * Reports an address option vsftpd reads with inet_aton: `bad` when
 * inet_aton refuses it, `readAs` (at the quirk's severity) when it reads
 * something other than what the text seems to say. Both rules that use it
 * carry those two messages, with {value}, {hint}, {address} and {why}.
 */
export function reportAton(ctx: RuleContext, at: SettingLine, value: string, hint: string): void {
  const aton = inetAton(value);
  if (!aton) {
    ctx.report({ messageId: "bad", at, data: { value: show(value), hint } });
    return;
  }
  const quirk = atonQuirk(value, aton);
  if (!quirk) return;
  const data = { value: show(value), address: aton.dotted, why: ATON_QUIRK_WHY[quirk] };
  ctx.report({ messageId: "readAs", at, severity: ATON_QUIRK_SEVERITY[quirk], data });
}
