import { defineRule } from "../rule.js";

const BLANK = /^[ \t\n\v\f\r]/;
/** An inline comment, then trailing blanks and a CR: VSF108, VSF104 and VSF105 explain those. */
const TAIL = /(?:[ \t\n\v\f\r]+#.*)?[ \t\n\v\f\r]*$/s;

function shown(n: number, mode: boolean): string {
  return mode ? (n === 0 ? "0" : "0" + n.toString(8)) : String(n);
}

/**
 * vsftpd never rejects a number: a leading "0" switches to octal up to the
 * first non-octal digit, anything else goes through atoi, which stops at the
 * first non-digit and wraps negatives. Both fail silently.
 */
export default defineRule({
  code: "VSF603",
  name: "uint-junk",
  severity: "warning",
  category: "trap",
  description: "A number vsftpd reads only in part, as 0, wrapped, or as octal without meaning to.",
  messages: {
    octalStop: "{name}={raw}: a leading 0 means octal and vsftpd stops at the first non-octal digit, so it uses {used}",
    octalSurprise: "{name}={raw}: a leading 0 means octal, so vsftpd uses {used}, not {decimal}; drop the leading 0",
    partial: "{name}={raw}: vsftpd reads the leading digits and ignores the rest, so it uses {used}",
    noDigits: "{name}={raw} is not a number: vsftpd uses 0",
    negative: "{name}={raw}: negative numbers wrap around, so vsftpd uses {used}",
    overflow: "{name}={raw} is too large: vsftpd uses {used}",
  },
  check(ctx) {
    for (const it of ctx.conf.items) {
      if (it.refusal || !it.spec || typeof it.value !== "number") continue;
      const { kind, name } = it.spec;
      const raw0 = it.setting.value ?? "";
      // Leading blanks are VSF103's.
      if (BLANK.test(raw0)) continue;
      const raw = raw0.replace(TAIL, "");
      const mode = kind === "mode";
      const used = shown(it.value, mode);
      const at = it.setting;
      if (raw.startsWith("0")) {
        if (!/^[0-7]+$/.test(raw)) {
          ctx.report({ messageId: "octalStop", at, data: { name, raw, used } });
        } else if (!mode && Number(raw) !== it.value) {
          ctx.report({ messageId: "octalSurprise", at, data: { name, raw, used, decimal: Number(raw) } });
        }
        continue;
      }
      // Modes written without a leading 0 are VSF601's.
      if (mode) continue;
      const [, sign = "", digits = "", rest = ""] = /^([+-]?)(\d*)(.*)$/s.exec(raw) ?? [];
      if (digits === "") ctx.report({ messageId: "noDigits", at, data: { name, raw } });
      else if (sign === "-" && it.value !== 0) ctx.report({ messageId: "negative", at, data: { name, raw, used } });
      else if (rest !== "") ctx.report({ messageId: "partial", at, data: { name, raw, used } });
      else if (BigInt(digits) !== BigInt(it.value)) ctx.report({ messageId: "overflow", at, data: { name, raw, used } });
    }
  },
});
