import { distrosOf, optionSpec, optionsFor } from "../../vsftpd/registry.js";
import { defineRule } from "../rule.js";
import { closest } from "../suggest.js";

/**
 * Only names that are not merely miscased, mis-spaced, BOM-prefixed or
 * indented comments land here; those have rules of their own.
 */
export default defineRule({
  code: "VSF101",
  name: "unknown-option",
  severity: "error",
  category: "startup",
  description: "An option name this vsftpd build does not know stops vsftpd from starting.",
  messages: {
    unknown: "unknown option '{name}': vsftpd refuses to start (unrecognised variable in config file: {name})",
    unknownSuggest:
      "unknown option '{name}', did you mean '{suggestion}'? vsftpd refuses to start (unrecognised variable in config file: {name})",
    otherBuild: "option '{name}' exists only in the {builds} build, not {distro}: vsftpd refuses to start",
  },
  check(ctx) {
    const known = optionsFor(ctx.options.distro).map((o) => o.name);
    const knownSet = new Set(known);
    for (const it of ctx.conf.items) {
      if (it.refusal !== "unrecognised") continue;
      const name = it.setting.name;
      const bare = name.replace(/^\uFEFF/, "").trim();
      if (bare.startsWith("#")) continue; // VSF107
      if (knownSet.has(bare) || knownSet.has(bare.toLowerCase())) continue; // VSF102, VSF103, VSF106
      const spec = optionSpec(bare);
      if (spec) {
        const data = { name: bare, builds: distrosOf(spec).join("/"), distro: ctx.options.distro };
        ctx.report({ messageId: "otherBuild", at: it.setting, data });
        continue;
      }
      const suggestion = closest(bare.toLowerCase(), known);
      ctx.report(
        suggestion
          ? { messageId: "unknownSuggest", at: it.setting, data: { name, suggestion } }
          : { messageId: "unknown", at: it.setting, data: { name } },
      );
    }
  },
});
