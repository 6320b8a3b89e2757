import { reportFaults } from "../line-faults.js";
import { defineRule } from "../rule.js";

/** vsftpd compares names byte for byte, so `Listen` is as unknown as `frobnicate`. */
export default defineRule({
  code: "VSF102",
  name: "option-case",
  severity: "error",
  category: "syntax",
  description: "A known option written in the wrong case is an unknown option to vsftpd, which refuses to start.",
  fixable: true,
  messages: {
    refused: "'{name}' must be written '{option}' (option names are case-sensitive): vsftpd {verdict}",
    also: "'{name}' must be written '{option}' (option names are case-sensitive); that alone would also stop vsftpd ({next})",
    extra: "'{name}' must be written '{option}' (option names are case-sensitive)",
    changes: "'{name}' must be written '{option}' (option names are case-sensitive)",
    harmless: "'{name}' must be written '{option}' (option names are case-sensitive)",
  },
  check(ctx) {
    reportFaults(ctx, "option-case");
  },
});
