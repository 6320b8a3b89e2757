import rule from "../../src/lint/rules/VSF103-space-around-equals.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "listen=YES\n",
    { conf: "ftpd_banner=a = b\n", name: "spaces inside a value" },
    { conf: "listen= \n", name: "a value of only spaces is VSF104's" },
    { conf: "  # a = b\n", name: "indented comment is VSF107's" },
    { conf: "max_clients= # c\n", name: "a value that is only a comment is VSF108's" },
    { conf: "  listen=YES\n", name: "indentation is stripped" },
  ],
  invalid: [
    {
      conf: "listen = YES\n",
      errors: [{ messageId: "refused", line: 1, col: 7, severity: "error", contains: "space around '='" }],
      output: "listen=YES\n",
    },
    { conf: "listen =YES\n", errors: [{ messageId: "refused", col: 7, contains: "unrecognised variable in config file: listen )" }], output: "listen=YES\n" },
    { conf: "listen= YES\n", errors: [{ messageId: "refused", col: 8, contains: "bad bool value in config file for: listen" }], output: "listen=YES\n" },
    { conf: "listen\t=\tYES\n", errors: [{ messageId: "refused", contains: "around" }], output: "listen=YES\n" },
    { conf: "ftpd_banner =Hi\n", errors: [{ messageId: "refused", severity: "error" }], output: "ftpd_banner=Hi\n" },
    { conf: "max_clients= 50\n", name: "atoi skips the space", errors: [{ messageId: "harmless", severity: "info" }], output: "max_clients=50\n" },
    {
      conf: "local_umask= 022\n",
      name: "the space hides the octal 0 from vsftpd",
      errors: [{ messageId: "changes", severity: "warning", contains: "026, not 022" }],
      output: "local_umask=022\n",
    },
    { conf: "ftpd_banner= Hi\n", name: "Debian trims strings", errors: [{ messageId: "harmless", severity: "info" }], output: "ftpd_banner=Hi\n" },
    {
      conf: "ftpd_banner= Hi\n",
      options: { distro: "upstream" },
      name: "upstream keeps the space",
      errors: [{ messageId: "changes", severity: "warning", contains: "' Hi', not 'Hi'" }],
      output: "ftpd_banner=Hi\n",
    },
    {
      conf: "Listen = YES\n",
      name: "VSF102 takes the error",
      errors: [{ messageId: "also", severity: "warning", contains: "unrecognised variable in config file: listen )" }],
      output: "Listen=YES\n",
    },
    { conf: "listen = YES # c\n", errors: [{ messageId: "refused" }], output: "listen=YES # c\n" },
  ],
});
