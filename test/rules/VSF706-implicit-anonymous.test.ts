import rule from "../../src/lint/rules/VSF706-implicit-anonymous.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "anonymous_enable=NO\nlocal_enable=YES\n",
    { conf: "anonymous_enable=YES\n", name: "explicit is fine" },
    { conf: "listen=YES\nanonymous_enable=no\n" },
    // vsftpd refuses the line (VSF102); the option it meant is read as meant, so the file is not "missing" it.
    { conf: "listen=YES\nAnonymous_enable=NO\n", name: "a miscased line is one error, VSF102's" },
  ],
  invalid: [
    {
      conf: "listen=YES\nlocal_enable=YES\n",
      errors: [{ messageId: "implicitLocal", line: 1, col: 1, contains: "Debian's man page says NO" }],
    },
    { conf: "listen=YES\n", errors: [{ messageId: "implicit", contains: "add anonymous_enable=NO" }] },
    { conf: "listen=YES\nlocal_enable=YES\n", options: { distro: "upstream" }, errors: [{ messageId: "implicitLocal", contains: "(upstream) defaults to YES;" }] },
    { conf: "local_enable=YES\n", options: { distro: "rhel" }, errors: [{ messageId: "implicitLocal", contains: "(rhel)" }] },
  ],
});
