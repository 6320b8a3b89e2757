import rule from "../../src/lint/rules/VSF104-trailing-whitespace.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "listen=YES\n",
    { conf: "# comment  \n", name: "comment" },
    { conf: "   \n", name: "blank line of spaces" },
    { conf: "listen=YES\r\n", name: "CR is VSF105's" },
    { conf: "listen=YES # c  \n", name: "after an inline comment it is VSF108's" },
    { conf: "listen =YES\n", name: "space before = is VSF103's" },
  ],
  invalid: [
    { conf: "listen=YES \n", errors: [{ messageId: "refused", line: 1, col: 11, severity: "error", contains: "bad bool value" }], output: "listen=YES\n" },
    { conf: "listen=YES\t\t\n", errors: [{ messageId: "refused" }], output: "listen=YES\n" },
    {
      conf: "listen=YES \r\n",
      name: "VSF105 takes the error",
      errors: [{ messageId: "also", severity: "warning" }],
      output: "listen=YES\r\n",
    },
    { conf: "max_clients=5 \n", errors: [{ messageId: "harmless", severity: "info" }], output: "max_clients=5\n" },
    { conf: "ftpd_banner=Hi \n", name: "Debian trims strings", errors: [{ messageId: "harmless", severity: "info" }], output: "ftpd_banner=Hi\n" },
    {
      conf: "ftpd_banner=Hi \n",
      options: { distro: "upstream" },
      errors: [{ messageId: "changes", severity: "warning", contains: "'Hi ', not 'Hi'" }],
      output: "ftpd_banner=Hi\n",
    },
    {
      conf: "ftpd_banner= \n",
      name: "Debian crashes on a value of only whitespace",
      errors: [{ messageId: "crash", severity: "error", contains: "segmentation fault" }],
      output: "ftpd_banner=\n",
    },
    { conf: "ftpd_banner= \n", options: { distro: "rhel" }, errors: [{ messageId: "harmless", severity: "info" }], output: "ftpd_banner=\n" },
    {
      conf: "ftpd_banner \n",
      name: "the space makes the name unknown",
      errors: [{ messageId: "refused", severity: "error", contains: "missing value in config file for: ftpd_banner )" }],
      output: "ftpd_banner\n",
    },
    { conf: "listen \n", name: "no value either way: VSF109 takes the error", errors: [{ messageId: "extra", severity: "warning" }], output: "listen\n" },
    { conf: "listen= \n", errors: [{ messageId: "refused", col: 8 }], output: "listen=\n" },
    { conf: "listen = \n", errors: [{ messageId: "extra", col: 9 }], output: "listen =\n" },
    {
      conf: "max_clients= \r\n",
      name: "vsftpd reads 0; without the space and the CR it would find no value, so no fix",
      errors: [{ messageId: "changes", severity: "warning", contains: "reads max_clients as 0" }],
      output: "max_clients= \r\n",
    },
  ],
});
