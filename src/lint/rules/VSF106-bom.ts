import { reportFaults } from "../line-faults.js";
import { defineRule } from "../rule.js";

/** Windows editors save "UTF-8" with a BOM; vsftpd sees three stray bytes glued to the first name. */
export default defineRule({
  code: "VSF106",
  name: "bom",
  severity: "error",
  category: "syntax",
  description: "A UTF-8 byte-order mark (BOM) becomes part of the first name, which vsftpd then refuses.",
  fixable: true,
  messages: {
    refused: "{where} starts with a UTF-8 byte-order mark (BOM): vsftpd reads it as part of the first line and {verdict}",
    also: "{where} starts with a UTF-8 byte-order mark (BOM); that alone would also stop vsftpd ({next})",
    extra: "{where} starts with a UTF-8 byte-order mark (BOM), which vsftpd reads as part of the name",
    changes: "{where} starts with a UTF-8 byte-order mark (BOM), which vsftpd reads as part of the name",
    harmless: "{where} starts with a UTF-8 byte-order mark (BOM), which vsftpd reads as part of the name",
  },
  check(ctx) {
    // A BOM further down comes from concatenating files saved with one.
    reportFaults(ctx, "bom", (a) => ({ where: a.setting.line === 1 ? "the file" : "this line" }));
  },
});
