import rule from "../../src/lint/rules/VSF106-bom.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: ["listen=YES\n", { conf: "# a \uFEFF in a comment\n", name: "BOM inside a comment" }],
  invalid: [
    {
      conf: "\uFEFFlisten=YES\n",
      errors: [{ messageId: "refused", line: 1, col: 1, severity: "error", contains: "unrecognised variable in config file: <BOM>listen" }],
      output: "listen=YES\n",
    },
    {
      conf: "\uFEFF# my config\nlisten=YES\n",
      name: "the first comment becomes a setting",
      errors: [{ messageId: "refused", contains: "missing value in config file for: <BOM># my config" }],
      output: "# my config\nlisten=YES\n",
    },
    { conf: "\uFEFF\nlisten=YES\n", name: "BOM alone on the first line", errors: [{ messageId: "refused" }], output: "\nlisten=YES\n" },
    {
      conf: "listen=YES\n\uFEFFbackground=NO\n",
      name: "BOM from a concatenated file",
      errors: [{ messageId: "refused", line: 2, contains: "this line" }],
      output: "listen=YES\nbackground=NO\n",
    },
    { conf: "\uFEFFbogus=1\n", name: "unknown anyway: VSF101 takes the error", errors: [{ messageId: "extra", severity: "warning" }], output: "bogus=1\n" },
    { conf: "\uFEFF  # c\n", name: "BOM before an indented comment", errors: [{ messageId: "refused" }], output: "  # c\n" },
  ],
});
