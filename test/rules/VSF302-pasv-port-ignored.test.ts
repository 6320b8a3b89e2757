import rule from "../../src/lint/rules/VSF302-pasv-port-ignored.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "listen=YES\n",
    "pasv_min_port=40000\npasv_max_port=40100\n",
    "pasv_min_port=1025\npasv_max_port=1030\n",
    "pasv_min_port=60000\npasv_max_port=65535\n",
    { conf: "pasv_min_port=0\npasv_max_port=0\n", name: "the man page's 'any port'" },
    { conf: "pasv_max_port=0\n", name: "0 is the default" },
    { conf: "pasv_enable=NO\npasv_min_port=80\n", name: "no passive mode (VSF605)" },
  ],
  invalid: [
    {
      conf: "pasv_min_port=1000\npasv_max_port=1100\n",
      errors: [{ messageId: "minIgnored", line: 1, col: 1, severity: "warning", contains: "passive ports come from 1024-1100" }],
    },
    { conf: "pasv_min_port=70000\npasv_max_port=1500\n", errors: [{ messageId: "minIgnored", contains: "1024-1500" }] },
    { conf: "pasv_min_port=60000\npasv_max_port=50000\n", name: "max below min", errors: [{ messageId: "maxIgnored", line: 2, contains: "60000-65535" }] },
    { conf: "pasv_min_port=40000\npasv_max_port=70000\n", errors: [{ messageId: "maxIgnored", contains: "40000-65535" }] },
    {
      conf: "pasv_min_port=1000\npasv_max_port=1010\n",
      name: "both ignored",
      errors: [
        { messageId: "minIgnored", line: 1, contains: "1024-65535" },
        { messageId: "maxIgnored", line: 2, contains: "1024-65535" },
      ],
    },
    { conf: "pasv_min_port=40000\n", errors: [{ messageId: "onlyMin", contains: "40000-65535" }] },
    { conf: "pasv_max_port=6000\n", errors: [{ messageId: "onlyMax", contains: "5001-6000" }] },
    { conf: "pasv_max_port=3000\n", name: "below the compiled minimum", errors: [{ messageId: "maxIgnored", contains: "5001-65535" }] },
    { conf: "pasv_min_port=0400\npasv_max_port=40100\n", name: "octal", errors: [{ messageId: "minIgnored", contains: "pasv_min_port=0400 (read as 256)" }] },
  ],
});
