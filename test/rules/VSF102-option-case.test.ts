import rule from "../../src/lint/rules/VSF102-option-case.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "listen=YES\n",
    "# Listen=YES\n",
    { conf: "Bogus=1\n", name: "unknown in any case is VSF101's" },
    { conf: "Utf8_filesystem=YES\n", options: { distro: "upstream" }, name: "no such option on upstream, in any case" },
    { conf: "ftpd_banner=Listen=YES\n", name: "case inside a value" },
  ],
  invalid: [
    { conf: "Listen=YES\n", errors: [{ messageId: "refused", line: 1, col: 1, severity: "error", contains: "'listen'" }], output: "listen=YES\n" },
    { conf: "ANONYMOUS_ENABLE=NO\n", errors: [{ messageId: "refused" }], output: "anonymous_enable=NO\n" },
    { conf: "  Max_Clients=5\n", errors: [{ messageId: "refused", col: 3 }], output: "  max_clients=5\n" },
    {
      conf: "Ftpd_banner\n",
      name: "string option without a value: accepted once the case is right",
      errors: [{ messageId: "refused", severity: "error", contains: "missing value in config file for: Ftpd_banner" }],
      output: "ftpd_banner\n",
    },
    { conf: "Listen=on\n", name: "vsftpd complains about the name first", errors: [{ messageId: "refused", severity: "error" }], output: "listen=on\n" },
    {
      conf: "Listen = YES\n",
      name: "case and spaces: the case takes the error",
      errors: [{ messageId: "refused", severity: "error", contains: "unrecognised variable in config file: Listen )" }],
      output: "listen = YES\n",
    },
    { conf: "Listen\n", name: "no value either way: VSF109 takes the error", errors: [{ messageId: "extra", severity: "warning" }], output: "listen\n" },
    {
      conf: "\uFEFFListen=YES\n",
      name: "behind a BOM: VSF106 takes the error",
      errors: [{ messageId: "also", severity: "warning", contains: "unrecognised variable in config file: Listen" }],
      output: "\uFEFFlisten=YES\n",
    },
    { conf: "Utf8_filesystem=YES\n", errors: [{ messageId: "refused" }], output: "utf8_filesystem=YES\n" },
    { conf: "Ssl_tlsv1_2=YES\n", options: { distro: "rhel" }, errors: [{ messageId: "refused" }], output: "ssl_tlsv1_2=YES\n" },
  ],
});
