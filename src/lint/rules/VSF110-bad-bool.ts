import { defineRule } from "../rule.js";

export default defineRule({
  code: "VSF110",
  name: "bad-bool",
  severity: "error",
  category: "startup",
  description: "A boolean option whose value is not YES/NO/TRUE/FALSE/1/0 stops vsftpd from starting.",
  messages: {
    badBool:
      "'{name}' needs YES or NO, got '{value}': vsftpd refuses to start (bad bool value in config file: {name})",
  },
  check(ctx) {
    for (const it of ctx.conf.items) {
      if (it.refusal !== "bad-bool") continue;
      const { name, value } = it.setting;
      ctx.report({
        messageId: "badBool",
        at: { line: it.setting.line, col: it.setting.valueCol },
        data: { name, value: JSON.stringify(value ?? "").slice(1, -1) },
      });
    }
  },
});
