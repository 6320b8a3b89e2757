import { reportFaults } from "../line-faults.js";
import { defineRule } from "../rule.js";

/**
 * Invisible in most editors, fatal on bools. Debian's build trims string
 * values but crashes when nothing is left (`ftpd_banner= `).
 */
export default defineRule({
  code: "VSF104",
  name: "trailing-whitespace",
  severity: "error",
  category: "syntax",
  description: "Spaces or tabs at the end of a setting line are part of its value; vsftpd refuses them on bool options.",
  fixable: true,
  messages: {
    refused: "trailing whitespace after '{name}' is not trimmed: vsftpd {verdict}",
    crash: "the value of {option} is only whitespace: Debian's vsftpd trims it to nothing and {verdict}",
    also: "trailing whitespace after '{name}' is not trimmed; that alone would also stop vsftpd ({next})",
    extra: "trailing whitespace after '{name}' is not trimmed",
    changes: "trailing whitespace is part of the value: vsftpd reads {option} as {got}{instead}",
    harmless: "trailing whitespace happens to be ignored for the {kind} option {option} on {distro}; vsftpd refuses it on bool options",
  },
  check(ctx) {
    reportFaults(ctx, "trailing-whitespace", undefined, true);
  },
});
