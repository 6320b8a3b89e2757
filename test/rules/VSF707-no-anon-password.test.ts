import rule from "../../src/lint/rules/VSF707-no-anon-password.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "anonymous_enable=YES\n",
    "anonymous_enable=YES\nno_anon_password=NO\n",
    { conf: "anonymous_enable=NO\nno_anon_password=YES\n", name: "anonymous off (VSF605)" },
  ],
  invalid: [
    {
      conf: "anonymous_enable=YES\nno_anon_password=YES\n",
      errors: [{ messageId: "noPassword", line: 2, col: 1, severity: "info" }],
    },
    {
      conf: "anonymous_enable=YES\nno_anon_password=YES\ndeny_email_enable=YES\n",
      errors: [{ messageId: "noPassword", contains: "deny_email_enable has no password to check" }],
    },
    {
      conf: "anonymous_enable=YES\nno_anon_password=YES\nsecure_email_list_enable=YES\n",
      errors: [{ messageId: "lockedOut", line: 2, severity: "error", contains: "/etc/vsftpd.email_passwords" }],
    },
  ],
});
