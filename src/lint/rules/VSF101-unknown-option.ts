import { distrosOf, optionSpec, optionsFor } from "../../vsftpd/registry.js";
import { analyzeConf, shown } from "../line-faults.js";
import { clip, clipQuoted } from "../quote.js";
import { defineRule } from "../rule.js";
import { closest } from "../suggest.js";

/**
 * Only names that no syntax repair makes known land here: miscased,
 * mis-spaced, BOM-prefixed names and indented comments have rules of their
 * own (see line-faults.ts).
 */
export default defineRule({
  code: "VSF101",
  name: "unknown-option",
  severity: "error",
  category: "startup",
  description: "An option name this vsftpd build does not know stops vsftpd from starting.",
  messages: {
    unknown: "unknown option '{name}': vsftpd refuses to start ({said})",
    unknownSuggest: "unknown option '{name}', did you mean '{suggestion}'? vsftpd refuses to start ({said})",
    otherBuild: "option '{name}' exists only in the {builds} build, not {distro}: vsftpd refuses to start ({said})",
  },
  check(ctx) {
    const { distro } = ctx.options;
    const known = optionsFor(distro).map((o) => o.name);
    for (const a of analyzeConf(ctx.scan, distro)) {
      if (a.explainedBy !== "generic" || a.item.refusal !== "unrecognised") continue;
      const at = a.setting;
      // A refused line can be anything (a pasted secret): both quotes are bounded.
      const name = clip(shown(a.intendedName));
      const said = clipQuoted(shown(a.item.message ?? ""), shown(a.setting.name));
      const spec = optionSpec(a.intendedName);
      if (spec) {
        ctx.report({ messageId: "otherBuild", at, data: { name, said, builds: distrosOf(spec).join("/"), distro } });
        continue;
      }
      const suggestion = closest(a.intendedName.toLowerCase(), known);
      ctx.report(
        suggestion
          ? { messageId: "unknownSuggest", at, data: { name, said, suggestion } }
          : { messageId: "unknown", at, data: { name, said } },
      );
    }
  },
});
