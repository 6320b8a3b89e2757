import type { SettingLine } from "../../vsftpd/scan.js";
import type { RuleContext } from "../rule.js";
import type { OptionName } from "../../vsftpd/options.js";

/**
 * Where a finding about several options points, spread into a report: the
 * line of the first of `names` the file sets, else nowhere (a file-level
 * finding about compiled defaults).
 */
export function pointAt(ctx: RuleContext, ...names: OptionName[]): { at?: SettingLine } {
  for (const n of names) {
    const s = ctx.source(n)?.setting;
    if (s) return { at: s };
  }
  return {};
}

/** Like pointAt, but the line that comes last in the file: the one that completes a conflict. */
export function pointAtLast(ctx: RuleContext, ...names: OptionName[]): { at?: SettingLine } {
  const lines = names.flatMap((n) => ctx.source(n)?.setting ?? []);
  const last = lines.sort((a, b) => b.line - a.line)[0];
  return last ? { at: last } : {};
}

/** "name=YES" when the file says so, else how the compiled default stands in. */
export function describeBool(ctx: RuleContext, name: OptionName): string {
  const v = ctx.get(name) ? "YES" : "NO";
  return ctx.isSet(name) ? `${name}=${v}` : `${name} unset (${ctx.options.distro} default ${v})`;
}
