/** `ftpctl rules [CODE]`: the rule list, or one rule's page from the installed docs/rules/. */
import type { Io } from "../../core/io.js";
import { UsageError } from "../../core/errors.js";
import { readPackageFile } from "../../core/package-root.js";
import { RULES } from "../../lint/rules/index.js";
import { closest } from "../../lint/suggest.js";

export function rulesCommand(o: { code: string | undefined; json: boolean }, io: Io): number {
  if (o.code === undefined) {
    if (o.json) {
      io.stdout(JSON.stringify(RULES.map((r) => ({ code: r.code, name: r.name, severity: r.severity, category: r.category, description: r.description, host: r.host === true, docs: `docs/rules/${r.code}.md` })), null, 2) + "\n");
    } else {
      for (const r of RULES) io.stdout(`${r.code}  ${r.severity.padEnd(7)}  ${r.name.padEnd(32)}  ${r.description}${r.host ? " (--host)" : ""}\n`);
    }
    return 0;
  }
  const asked = o.code;
  const rule = RULES.find((r) => r.code === asked.toUpperCase() || r.name === asked.toLowerCase());
  if (!rule) {
    const hint = closest(asked.toUpperCase(), RULES.map((r) => r.code)) ?? closest(asked.toLowerCase(), RULES.map((r) => r.name));
    throw new UsageError(`no rule '${asked}'${hint ? ` (did you mean ${hint}?)` : ""}; 'ftpctl rules' lists them`);
  }
  const page = readPackageFile("docs", "rules", `${rule.code}.md`);
  io.stdout(o.json ? JSON.stringify({ code: rule.code, name: rule.name, severity: rule.severity, category: rule.category, description: rule.description, page }, null, 2) + "\n" : page);
  return 0;
}
