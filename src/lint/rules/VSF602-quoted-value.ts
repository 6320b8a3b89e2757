import { defineRule } from "../rule.js";

/**
 * vsftpd has no quoting: a string value is every byte after "=". Quotes copied
 * from shell or INI habits end up in paths, addresses and banners.
 */
export default defineRule({
  code: "VSF602",
  name: "quoted-value",
  severity: "warning",
  category: "trap",
  description: "A string value wrapped in quotes keeps its quotes: vsftpd has no quoting.",
  messages: {
    quoted: "{name} is set to {value} with the quotes: vsftpd does not strip them; write {name}={inner}",
  },
  check(ctx) {
    for (const it of ctx.conf.items) {
      if (it.refusal || it.spec?.kind !== "string" || typeof it.value !== "string") continue;
      // Blanks or a CR around the value are other rules' findings; they should not hide the quotes.
      const value = it.value.replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, "");
      const q = value[0];
      if (value.length < 2 || (q !== '"' && q !== "'") || value[value.length - 1] !== q) continue;
      ctx.report({ messageId: "quoted", at: it.setting, data: { name: it.spec.name, value, inner: value.slice(1, -1) } });
    }
  },
});
