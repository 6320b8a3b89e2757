import rule from "../../src/lint/rules/VSF109-missing-value.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "listen=YES\n",
    { conf: "ftpd_banner\n", name: "a string option without a value is unset, not refused" },
    { conf: "ftpd_banner=\n", name: "empty string value" },
    { conf: "Ftpd_banner\n", name: "wrong case is VSF102's" },
    { conf: "  # text\n", name: "indented comment is VSF107's" },
    { conf: "ftpd_banner \n", name: "trailing space is VSF104's" },
    { conf: "\uFEFF# c\n", name: "BOM is VSF106's" },
  ],
  invalid: [
    {
      conf: "write_enable\n",
      errors: [{ messageId: "missing", line: 1, col: 1, contains: "(missing value in config file for: write_enable)" }],
    },
    { conf: "write_enable=\n", errors: [{ messageId: "missing" }] },
    { conf: "max_clients=\n", errors: [{ messageId: "missing" }] },
    { conf: "  local_umask\n", errors: [{ messageId: "missing", col: 3 }] },
    { conf: "bogus\n", errors: [{ messageId: "unknown" }] },
    { conf: "bogus=\n", errors: [{ messageId: "unknown" }] },
    { conf: "anonymous_enabel\n", errors: [{ messageId: "unknownSuggest", contains: "anonymous_enable" }] },
    { conf: "Listen\n", name: "wrong case and no value", errors: [{ messageId: "missing", contains: "for: Listen)" }] },
    { conf: "listen \n", name: "trailing space and no value", errors: [{ messageId: "missing", contains: "for: listen )" }] },
    { conf: "ssl_tlsv1_2\n", errors: [{ messageId: "otherBuild", contains: "rhel" }] },
    { conf: "  =\n", name: "empty name", errors: [{ messageId: "unknown" }] },
    {
      conf: `listen=YES\nroot:$6$salt$${"h".repeat(80)}:19700:0:99999:7:::\n`,
      name: "a long refused line (a shadow line pasted in) is quoted by its first 60 characters only",
      errors: [{ messageId: "unknown", line: 2, contains: `'root:$6$salt$${"h".repeat(47)}…' without a value: vsftpd refuses to start (missing value in config file for: root:$6$salt$${"h".repeat(47)}…)` }],
    },
  ],
});
