import type { Interpreted } from "../../vsftpd/interpret.js";
import { defineRule } from "../rule.js";

function display(it: Interpreted): string {
  return `${it.setting.name}=${(it.setting.value ?? "").replace(/\r$/, "")}`;
}

/**
 * vsftpd keeps the last assignment without a word, so an edit near the top of
 * a long file can be silently undone further down. Values are compared as
 * vsftpd stores them: YES and TRUE are the same, 022 and 18 are the same.
 */
export default defineRule({
  code: "VSF604",
  name: "duplicate-setting",
  severity: "warning",
  category: "trap",
  description: "An option assigned more than once: only the last assignment counts.",
  messages: {
    overridden: "'{setting}' has no effect: {name} is set again on line {winLine} ('{winner}'), and the last assignment wins",
    redundant: "{name} is set again to the same value on line {winLine}; this line is redundant",
  },
  check(ctx) {
    const byName = new Map<string, Interpreted[]>();
    for (const it of ctx.conf.items) {
      if (it.refusal || !it.spec) continue;
      const list = byName.get(it.spec.name) ?? byName.set(it.spec.name, []).get(it.spec.name)!;
      list.push(it);
    }
    for (const [name, list] of byName) {
      const winner = list[list.length - 1]!;
      for (const it of list.slice(0, -1)) {
        const data = { name, setting: display(it), winner: display(winner), winLine: winner.setting.line };
        if ((it.value ?? null) === (winner.value ?? null)) {
          ctx.report({ messageId: "redundant", severity: "info", at: it.setting, data });
        } else {
          ctx.report({ messageId: "overridden", at: it.setting, data });
        }
      }
    }
  },
});
