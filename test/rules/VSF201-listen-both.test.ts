import rule from "../../src/lint/rules/VSF201-listen-both.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "listen=YES\n",
    "listen=NO\nlisten_ipv6=YES\n",
    { conf: "listen_ipv6=YES\n", name: "Debian compiles listen=NO" },
    { conf: "listen=NO\nlisten_ipv6=YES\n", options: { distro: "upstream" } },
    { conf: "listen=YES\nlisten_ipv6=YES\nlisten_ipv6=NO\n", name: "last assignment wins" },
  ],
  invalid: [
    { conf: "listen=YES\nlisten_ipv6=YES\n", errors: [{ messageId: "both", line: 2, contains: "run two copies of vsftpd for IPv4 and IPv6" }] },
    { conf: "listen_ipv6=YES\nlisten=YES\n", name: "points at the line that completes the conflict", errors: [{ messageId: "both", line: 2 }] },
    {
      conf: "listen_ipv6=YES\n",
      options: { distro: "upstream" },
      name: "upstream compiles listen=YES",
      errors: [{ messageId: "both", line: 1, contains: "listen unset (upstream default YES)" }],
    },
    { conf: "listen_ipv6=TRUE\n", options: { distro: "rhel", standalone: false }, errors: [{ messageId: "both", severity: "error" }] },
  ],
});
