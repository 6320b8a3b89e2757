import type { SettingLine } from "../../vsftpd/scan.js";
import type { RuleContext } from "../rule.js";
import type { OptionName } from "../../vsftpd/options.js";

/**
 * Where a host finding points: the line of the first of these options the
 * file sets, else nowhere (a file-level finding about a default).
 */
export function at(ctx: RuleContext, ...names: OptionName[]): { at?: SettingLine } {
  for (const n of names) {
    const s = ctx.source(n)?.setting;
    if (s) return { at: s };
  }
  return {};
}

/** "a, b, c and 2 more": names in a message without flooding it. */
export function listNames(names: readonly string[], max = 3): string {
  const uniq = [...new Set(names)];
  if (uniq.length <= max) return uniq.join(", ");
  return `${uniq.slice(0, max).join(", ")} and ${uniq.length - max} more`;
}
