import { optionSpec, optionsFor, distrosOf } from "../../vsftpd/registry.js";
import { analyzeConf, shown } from "../line-faults.js";
import { clip, clipQuoted } from "../quote.js";
import { defineRule } from "../rule.js";
import { closest } from "../suggest.js";

/**
 * vsftpd checks "is the value empty?" before "is the name known?", so an
 * unknown name without "=" draws this message rather than "unrecognised".
 * A string option without a value is valid (it unsets the option); other
 * rules judge whether that was meant.
 */
export default defineRule({
  code: "VSF109",
  name: "missing-value",
  severity: "error",
  category: "syntax",
  description: "A bool or numeric option, or an unknown name, with no value after '=' stops vsftpd from starting.",
  messages: {
    missing: "'{name}' has no value: vsftpd refuses to start ({said})",
    unknown: "unknown option '{name}' without a value: vsftpd refuses to start ({said})",
    unknownSuggest: "unknown option '{name}' without a value, did you mean '{suggestion}'? vsftpd refuses to start ({said})",
    otherBuild: "option '{name}' exists only in the {builds} build, not {distro}, and has no value: vsftpd refuses to start ({said})",
  },
  check(ctx) {
    const { distro } = ctx.options;
    for (const a of analyzeConf(ctx.scan, distro)) {
      if (a.explainedBy !== "generic" || a.item.refusal !== "missing-value") continue;
      const at = { line: a.setting.line, col: a.setting.nameCol };
      // A refused line can be anything (a pasted secret): both quotes are bounded.
      const name = clip(shown(a.intendedName));
      const said = clipQuoted(shown(a.item.message ?? ""), shown(a.setting.name));
      if (a.intended) {
        ctx.report({ messageId: "missing", at, data: { name, said } });
        continue;
      }
      const spec = optionSpec(a.intendedName);
      if (spec) {
        ctx.report({ messageId: "otherBuild", at, data: { name, said, builds: distrosOf(spec).join("/"), distro } });
        continue;
      }
      const suggestion = closest(a.intendedName.toLowerCase(), optionsFor(distro).map((o) => o.name));
      ctx.report(
        suggestion
          ? { messageId: "unknownSuggest", at, data: { name, said, suggestion } }
          : { messageId: "unknown", at, data: { name, said } },
      );
    }
  },
});
