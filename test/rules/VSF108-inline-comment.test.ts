import rule from "../../src/lint/rules/VSF108-inline-comment.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "listen=YES\n",
    { conf: "ftpd_banner=Issue#5\n", name: "# without a space before it" },
    { conf: "# listen=YES # c\n", name: "comment line" },
    { conf: "  # a=b # c\n", name: "indented comment is VSF107's" },
  ],
  invalid: [
    {
      conf: "listen=YES # comment\n",
      errors: [{ messageId: "refused", line: 1, col: 12, severity: "error", contains: "'# comment'" }],
      output: "# comment\nlisten=YES\n",
    },
    { conf: "listen=YES\t# comment  \n", errors: [{ messageId: "refused" }], output: "# comment\nlisten=YES\n" },
    { conf: "  listen=YES # c\n", errors: [{ messageId: "refused" }], output: "# c\n  listen=YES\n" },
    {
      conf: "ftpd_banner=Hi # there\n",
      name: "a string keeps it, and may mean it: no fix",
      errors: [{ messageId: "changes", severity: "warning", contains: "'Hi # there'" }],
      output: "ftpd_banner=Hi # there\n",
    },
    {
      conf: "max_clients=50 # fifty\n",
      name: "atoi stops at the space",
      errors: [{ messageId: "harmless", severity: "info" }],
      output: "# fifty\nmax_clients=50\n",
    },
    { conf: "local_umask=022 # group-writable\n", errors: [{ messageId: "harmless" }], output: "# group-writable\nlocal_umask=022\n" },
    {
      conf: "max_clients= # c\n",
      name: "nothing but a comment: vsftpd reads 0, and removing it would leave no value",
      errors: [{ messageId: "changes", severity: "warning", contains: "set to 0" }],
      output: "max_clients= # c\n",
    },
    {
      conf: "listen=YES # c\r\n",
      name: "VSF105 takes the error",
      errors: [{ messageId: "also", severity: "warning" }],
      output: "# c\nlisten=YES\r\n",
    },
    { conf: "Listen=YES # c\n", name: "VSF102 takes the error", errors: [{ messageId: "also" }], output: "# c\nListen=YES\n" },
    { conf: "bogus=1 # c\n", name: "unknown anyway", errors: [{ messageId: "extra", severity: "warning" }], output: "bogus=1 # c\n" },
  ],
});
