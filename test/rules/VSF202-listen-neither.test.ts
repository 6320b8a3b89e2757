import rule from "../../src/lint/rules/VSF202-listen-neither.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "listen=YES\n",
    "listen=NO\nlisten_ipv6=YES\n",
    { conf: "listen=NO\nlisten_ipv6=NO\n", options: { standalone: false }, name: "--inetd" },
    { conf: "anonymous_enable=YES\n", options: { distro: "upstream" }, name: "upstream compiles listen=YES" },
    { conf: "anonymous_enable=YES\n", options: { distro: "rhel" }, name: "RHEL compiles listen=YES" },
    { conf: "listen=NO\nlisten=YES\n", name: "last assignment wins" },
  ],
  invalid: [
    {
      conf: "listen=NO\n\nlisten_ipv6=NO\n\nanonymous_enable=YES\n\nlocal_enable=NO\n\nwrite_enable=NO\n",
      name: "the seed tutorial's anonymous-only config",
      errors: [{ messageId: "inetdMode", line: 1, contains: "not configured for standalone, must be started from inetd" }],
    },
    {
      conf: "anonymous_enable=YES\n",
      name: "Debian compiles listen=NO",
      errors: [{ messageId: "listenDefault", line: 1, col: 1, contains: "debian build's compiled default is listen=NO" }],
    },
    { conf: "listen_ipv6=NO\n", errors: [{ messageId: "listenDefault", line: 1, contains: "listen_ipv6=NO" }] },
    { conf: "listen=NO\n", options: { distro: "upstream" }, errors: [{ messageId: "inetdMode", contains: "listen_ipv6 unset (upstream default NO)" }] },
    { conf: "listen=YES\nlisten=NO\n", errors: [{ messageId: "inetdMode", line: 2 }] },
  ],
});
