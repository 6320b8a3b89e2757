import rule from "../../src/lint/rules/VSF210-no-access.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "listen=YES\n",
    "anonymous_enable=NO\nlocal_enable=YES\n",
    "anonymous_enable=YES\nlocal_enable=NO\n",
    { conf: "local_enable=NO\n", name: "anonymous_enable defaults to YES on every build" },
    { conf: "anonymous_enable=NO\nlocal_enable=NO\nanonymous_enable=YES\n", name: "last assignment wins" },
  ],
  invalid: [
    {
      conf: "listen=YES\nanonymous_enable=NO\nlocal_enable=NO\n",
      errors: [{ messageId: "noAccess", line: 2, col: 1, severity: "error", contains: "(vsftpd: both local and anonymous access disabled!)" }],
    },
    { conf: "anonymous_enable=NO\n", errors: [{ messageId: "noAccess", line: 1, contains: "local_enable unset (debian default NO)" }] },
    { conf: "local_enable=NO\nanonymous_enable=FALSE\n", options: { standalone: false }, name: "inetd sessions too", errors: [{ messageId: "noAccess", line: 2 }] },
  ],
});
