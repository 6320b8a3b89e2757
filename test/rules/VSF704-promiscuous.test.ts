import rule from "../../src/lint/rules/VSF704-promiscuous.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "pasv_address=203.0.113.7\npasv_min_port=40000\npasv_max_port=40100\n",
    "pasv_promiscuous=NO\nport_promiscuous=NO\n",
    { conf: "pasv_enable=NO\npasv_promiscuous=YES\n", name: "inert without passive mode (VSF605)" },
  ],
  invalid: [
    { conf: "pasv_promiscuous=YES\n", errors: [{ messageId: "pasv", line: 1, col: 1, contains: "pasv_address" }] },
    { conf: "listen=YES\nport_promiscuous=YES\n", errors: [{ messageId: "port", line: 2, contains: "FTP bounce" }] },
    {
      conf: "port_enable=NO\nport_promiscuous=YES\n",
      name: "port_promiscuous also turns off isolate_network, so PORT being off does not make it inert",
      errors: [{ messageId: "port", line: 2 }],
    },
    {
      conf: "pasv_promiscuous=YES\nport_promiscuous=TRUE\n",
      errors: [{ messageId: "pasv", line: 1 }, { messageId: "port", line: 2 }],
    },
  ],
});
