import { defineRule } from "../rule.js";

/** Octal as people write modes: 026, 0644. */
function octal(n: number): string {
  return n === 0 ? "0" : "0" + n.toString(8);
}

/**
 * vsftpd reads a uint as octal only when it starts with "0"; umasks and modes
 * written the way chmod spells them are therefore read in decimal.
 */
export default defineRule({
  code: "VSF601",
  name: "mode-without-leading-zero",
  severity: "warning",
  category: "trap",
  description: "A umask or file mode written without a leading 0 is read as a decimal number.",
  messages: {
    decimal: "{name}={raw}: {raw} is read as decimal {decimal} = {octal} octal; write {name}={intended}",
    decimalOdd: "{name}={raw}: vsftpd reads this as decimal {decimal} = {octal} octal; write the octal mode with a leading 0",
  },
  check(ctx) {
    for (const it of ctx.conf.items) {
      if (it.refusal || it.spec?.kind !== "mode" || typeof it.value !== "number") continue;
      const raw = it.setting.value ?? "";
      // Leading blanks belong to VSF103; a leading 0 is already octal.
      if (raw === "" || raw.startsWith("0") || /^[ \t\n\v\f\r]/.test(raw)) continue;
      // An inline comment, trailing blanks and a CR are other rules' findings; the digits are ours.
      const shown = raw.replace(/(?:[ \t\n\v\f\r]+#.*)?[ \t\n\v\f\r]*$/s, "");
      // A single octal digit means the same in both bases.
      if (/^[0-7]$/.test(shown)) continue;
      const name = it.spec.name;
      const oct = octal(it.value);
      if (/^[0-7]+$/.test(shown)) {
        ctx.report({ messageId: "decimal", at: it.setting, data: { name, raw: shown, decimal: it.value, octal: oct, intended: "0" + shown } });
      } else {
        ctx.report({ messageId: "decimalOdd", at: it.setting, data: { name, raw: shown, decimal: it.value, octal: oct } });
      }
    }
  },
});
