import rule from "../../src/lint/rules/VSF107-indented-comment.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "# comment\n",
    "#\n",
    "listen=YES\n",
    { conf: "ftpd_banner=Hi  # not a comment\n", name: "inline comment is VSF108's" },
    { conf: "\uFEFF# comment\n", name: "BOM before a comment is VSF106's" },
  ],
  invalid: [
    {
      conf: "  # text\n",
      errors: [{ messageId: "refused", line: 1, col: 3, severity: "error", contains: "missing value in config file for: # text" }],
      output: "# text\n",
    },
    { conf: "\t# a=b\n", errors: [{ messageId: "refused", contains: "unrecognised variable in config file: # a" }], output: "# a=b\n" },
    { conf: "listen=YES\n    # indented note\n", errors: [{ messageId: "refused", line: 2, col: 5 }], output: "listen=YES\n# indented note\n" },
    { conf: "  # text\r\n", errors: [{ messageId: "refused" }], output: "# text\r\n" },
    { conf: "\uFEFF  # c\n", name: "behind a BOM: VSF106 takes the error", errors: [{ messageId: "also", severity: "warning" }], output: "\uFEFF# c\n" },
  ],
});
