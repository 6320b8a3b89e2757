import rule from "../../src/lint/rules/VSF216-tcp-wrappers-unsupported.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { conf: "tcp_wrappers=YES\n", name: "Debian links libwrap" },
    { conf: "tcp_wrappers=NO\n", options: { distro: "rhel" } },
    { conf: "listen=YES\n", options: { distro: "rhel" } },
  ],
  invalid: [
    {
      conf: "listen=YES\ntcp_wrappers=YES\n",
      options: { distro: "rhel" },
      errors: [{ messageId: "unsupported", line: 2, col: 1, severity: "error", contains: "(tcp_wrappers is set to YES but no tcp wrapper support compiled in)" }],
    },
    { conf: "tcp_wrappers=YES\n", options: { distro: "upstream" }, errors: [{ messageId: "unsupported", contains: "builddefs.h" }] },
  ],
});
