import rule from "../../src/lint/rules/VSF303-listen-port.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "listen=YES\nlisten_port=2121\n",
    "listen=YES\nlisten_port=65535\n",
    "listen=YES\n",
    { conf: "listen=NO\nlisten_ipv6=NO\nlisten_port=0\n", options: { standalone: false }, name: "inetd owns the port" },
  ],
  invalid: [
    {
      conf: "listen=YES\nlisten_port=112071\n",
      errors: [{ messageId: "wraps", line: 2, col: 1, severity: "warning", contains: "listens on port 46535" }],
    },
    { conf: "listen=YES\nlisten_port=0\n", errors: [{ messageId: "random" }] },
    { conf: "listen=YES\nlisten_port=65536\n", errors: [{ messageId: "random", contains: "(0 once cut to 16 bits)" }] },
    { conf: "listen=YES\nlisten_port=-1\n", errors: [{ messageId: "wraps", contains: "-1 (read as 4294967295)" }] },
    { conf: "listen=YES\nlisten_port=x21\n", name: "atoi reads no digits as 0", errors: [{ messageId: "random" }] },
  ],
});
