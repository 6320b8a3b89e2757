import rule from "../../src/lint/rules/VSF607-userlist-semantics.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "local_enable=YES\nuserlist_enable=YES\n",
    "local_enable=YES\nuserlist_enable=YES\nuserlist_deny=YES\n",
    { conf: "local_enable=YES\n", name: "no user list at all" },
    { conf: "userlist_enable=NO\n" },
  ],
  invalid: [
    {
      conf: "anonymous_enable=NO\nlocal_enable=YES\nuserlist_enable=YES\nuserlist_deny=NO\nuserlist_file=/etc/vsftpd.allowed\n",
      errors: [{ messageId: "allowList", line: 4, severity: "info", contains: "/etc/vsftpd.allowed an allow-list" }],
    },
    {
      conf: "anonymous_enable=YES\nlocal_enable=YES\nuserlist_enable=YES\nuserlist_deny=NO\n",
      errors: [{ messageId: "allowListAnon", severity: "info", contains: "anonymous ones too" }],
    },
    {
      conf: "anonymous_enable=YES\nlocal_enable=NO\nuserlist_enable=YES\nuserlist_deny=NO\n",
      name: "the list is never read without local users",
      errors: [{ messageId: "allowListUnread", line: 4, severity: "error" }],
    },
    {
      conf: "local_enable=YES\nuserlist_deny=NO\nuserlist_file=/etc/vsftpd.allowed\n",
      errors: [{ messageId: "ignoredAllow", line: 2, severity: "warning" }],
    },
    {
      conf: "local_enable=YES\nuserlist_enable=NO\nuserlist_deny=YES\n",
      errors: [{ messageId: "ignoredDeny", line: 3, severity: "warning", contains: "/etc/vsftpd.user_list are not refused" }],
    },
  ],
});
