import { analyzeConf, shown } from "../line-faults.js";
import { defineRule } from "../rule.js";

/** Stray spaces, CRs and inline comments also make a bool bad; their rules explain those lines instead. */
export default defineRule({
  code: "VSF110",
  name: "bad-bool",
  severity: "error",
  category: "startup",
  description: "A boolean option whose value is not YES/NO/TRUE/FALSE/1/0 stops vsftpd from starting.",
  messages: {
    badBool: "'{name}' needs YES or NO, got '{value}': vsftpd refuses to start ({said})",
  },
  check(ctx) {
    for (const a of analyzeConf(ctx.scan, ctx.options.distro)) {
      if (a.explainedBy !== "generic" || a.item.refusal !== "bad-bool") continue;
      const { setting } = a;
      ctx.report({
        messageId: "badBool",
        at: { line: setting.line, col: setting.valueCol },
        data: { name: shown(setting.name), value: shown(setting.value ?? ""), said: shown(a.item.message ?? "") },
      });
    }
  },
});
