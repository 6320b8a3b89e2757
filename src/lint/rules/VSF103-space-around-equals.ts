import { reportFaults } from "../line-faults.js";
import { defineRule } from "../rule.js";

/**
 * vsftpd splits at the first "=" and trims nothing: a space before it ends up
 * in the name, a space after it in the value. Only uints (atoi skips leading
 * blanks) and, on Debian and RHEL, strings (a distro patch trims them) survive.
 */
export default defineRule({
  code: "VSF103",
  name: "space-around-equals",
  severity: "error",
  category: "syntax",
  description: "Spaces around '=' become part of the name or the value; vsftpd refuses the name or a bool value.",
  fixable: true,
  messages: {
    refused: "space {where} '=' is not trimmed: vsftpd {verdict}",
    also: "space {where} '=' is not trimmed; that alone would also stop vsftpd ({next})",
    extra: "space {where} '=' is not trimmed",
    changes: "space {where} '=' is not trimmed: vsftpd reads {option} as {got}{instead}",
    harmless: "space {where} '=' happens to be ignored for the {kind} option {option} on {distro}; vsftpd refuses it in names and bool values",
  },
  check(ctx) {
    reportFaults(ctx, "space-around-equals", (a, f) => {
      const eqCol = a.parts.eq + 1;
      const before = f.repair.some((e) => e.startCol < eqCol);
      const after = f.repair.some((e) => e.startCol > eqCol);
      return { where: before && after ? "around" : before ? "before" : "after" };
    });
  },
});
