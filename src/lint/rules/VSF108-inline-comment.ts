import { reportFaults, shown } from "../line-faults.js";
import { defineRule } from "../rule.js";

/**
 * The fix moves the comment onto its own line above, and only for bool and
 * uint options: there the comment cannot be meant as part of the value. In a
 * string ("ftpd_banner=Welcome to #ftp") it might be, so that is left to a person.
 */
export default defineRule({
  code: "VSF108",
  name: "inline-comment",
  severity: "error",
  category: "syntax",
  description: "vsftpd has no end-of-line comments: the '# ...' is part of the value, which bool options refuse.",
  fixable: true,
  messages: {
    refused: "vsftpd has no inline comments, so '{comment}' is part of the value of {option}: vsftpd {verdict}",
    also: "vsftpd has no inline comments, so '{comment}' is part of the value; that alone would also stop vsftpd ({next})",
    extra: "vsftpd has no inline comments, so '{comment}' is part of the value",
    changes: "vsftpd has no inline comments: {option} is set to {got}",
    harmless: "vsftpd has no inline comments; '{comment}' happens to be ignored for the {kind} option {option}, but a bool option would be refused",
  },
  check(ctx) {
    reportFaults(ctx, "inline-comment", (a, f) => {
      const body = a.parts.body;
      return { comment: shown(body.slice(f.col - 1).replace(/[ \t\n\v\f\r]+$/, "")) };
    });
  },
});
