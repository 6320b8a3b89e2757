import { defineRule } from "../rule.js";

/**
 * A suppression that names no rule (a typo, a code from another tool, no
 * code at all), names one twice, or silences nothing (the fault was fixed, or it sits above the wrong line)
 * hides nothing today but hides the next real finding tomorrow, or gives a
 * false sense that something was looked at. ESLint reports unused disable
 * directives for the same reason. The linter calls checkDirectives once
 * every other rule has run; a code whose rule did not run (a host rule
 * without --host) is left alone, since nobody knows what it would silence.
 */
export default defineRule({
  code: "VSF112",
  name: "unused-disable",
  severity: "warning",
  category: "syntax",
  description: "A `# ftpctl-disable` comment names no code, a code that is no rule, a code twice, or silences nothing.",
  messages: {
    unknown: "{directive} names {code}, which is no ftpctl rule: it silences nothing; rule codes are listed in docs/rules",
    unused: "{directive} {code} silences nothing: {code} reports nothing on line {target}; remove it",
    unusedFile: "{directive} {code} silences nothing: {code} reports nothing in this file; remove it",
    noTarget: "{directive} {code} silences nothing: no setting line follows it",
    noCode: "{directive} names no rule: it silences nothing; name the codes it should silence (e.g. {directive} VSF601) or remove it",
    duplicate: "{directive} names {code} more than once: the repeat silences nothing; remove it",
  },
  check() {},
  checkDirectives(ctx, use) {
    for (const d of use.codes) {
      const directive = d.scope === "file" ? "# ftpctl-disable-file" : "# ftpctl-disable";
      const at = { line: d.line, col: d.col };
      const data = { directive, code: d.code };
      if (d.code === "") ctx.report({ messageId: "noCode", at, data });
      else if (d.duplicateOf !== undefined) ctx.report({ messageId: "duplicate", at, data });
      else if (d.used) continue;
      else if (!use.isRule(d.code)) ctx.report({ messageId: "unknown", at, data });
      else if (!use.ran(d.code)) continue;
      else if (d.scope === "file") ctx.report({ messageId: "unusedFile", at, data });
      else if (d.target === undefined) ctx.report({ messageId: "noTarget", at, data });
      else ctx.report({ messageId: "unused", at, data: { ...data, target: d.target } });
    }
  },
});
