import { reportFaults } from "../line-faults.js";
import { defineRule } from "../rule.js";

/** vsftpd strips indentation before it looks for "=", but checks for "#" only in column 1. */
export default defineRule({
  code: "VSF107",
  name: "indented-comment",
  severity: "error",
  category: "syntax",
  description: "A '#' comment that does not start in column 1 is read as a setting, which vsftpd refuses.",
  fixable: true,
  messages: {
    refused: "indented comment: vsftpd knows comments only in column 1, reads this line as a setting and {verdict}",
    also: "indented comment: vsftpd knows comments only in column 1; that alone would also stop vsftpd ({next})",
    extra: "indented comment: vsftpd knows comments only in column 1",
    changes: "indented comment: vsftpd knows comments only in column 1",
    harmless: "indented comment: vsftpd knows comments only in column 1",
  },
  check(ctx) {
    reportFaults(ctx, "indented-comment");
  },
});
