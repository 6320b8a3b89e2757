import rule from "../../src/lint/rules/VSF110-bad-bool.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "listen=YES\n",
    "listen=yes\nbackground=False\nanonymous_enable=0\n",
    { conf: "listen=YES \n", name: "trailing space is VSF104's" },
    { conf: "listen=YES\r\n", name: "CR is VSF105's" },
    { conf: "listen=YES # c\n", name: "inline comment is VSF108's" },
    { conf: "listen= YES\n", name: "space after = is VSF103's" },
    { conf: "Listen=on\n", name: "vsftpd stops at the name first (VSF102)" },
  ],
  invalid: [
    {
      conf: "anonymous_enable=on\n",
      errors: [{ messageId: "badBool", line: 1, col: 18, contains: "(bad bool value in config file for: anonymous_enable)" }],
    },
    { conf: "listen=Y\n", errors: [{ messageId: "badBool", contains: "got 'Y'" }] },
    { conf: "listen=on\r\n", name: "bad with or without the CR", errors: [{ messageId: "badBool", contains: "got 'on\\r'" }] },
    { conf: "listen=ye\u017f\n", name: "only ASCII letters are upper-cased", errors: [{ messageId: "badBool" }] },
    { conf: "listen=on \n", errors: [{ messageId: "badBool" }] },
  ],
});
