import rule from "../../src/lint/rules/VSF304-pasv-range-listen-port.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "listen=YES\n",
    "listen=YES\nlisten_port=2121\npasv_min_port=40000\npasv_max_port=40100\n",
    "listen=YES\nlisten_port=40101\npasv_min_port=40000\npasv_max_port=40100\n",
    { conf: "listen=YES\nlisten_port=8021\n", name: "the compiled range 5001-65535 is nobody's choice" },
    { conf: "listen=YES\nlisten_port=40000\npasv_enable=NO\npasv_min_port=40000\npasv_max_port=40000\n", name: "no passive mode" },
    { conf: "listen=NO\nlisten_ipv6=NO\nlisten_port=40000\npasv_min_port=40000\npasv_max_port=40000\n", options: { standalone: false }, name: "inetd owns the port" },
    { conf: "listen=YES\nlisten_port=0\npasv_min_port=40000\npasv_max_port=40000\n", name: "a kernel-chosen listen port (VSF303)" },
  ],
  invalid: [
    {
      conf: "listen=YES\nlisten_port=40000\npasv_min_port=40000\npasv_max_port=40000\n",
      errors: [{ messageId: "only", line: 3, col: 1, severity: "error", contains: "every PASV and EPSV fails with 500 OOPS: vsf_sysutil_bind" }],
    },
    {
      conf: "listen_ipv6=YES\nlisten_port=2121\npasv_max_port=2121\npasv_min_port=2121\n",
      name: "IPv6 listener, bounds in either order",
      errors: [{ messageId: "only", line: 4, severity: "error", contains: "only port 2121" }],
    },
    {
      conf: "listen=YES\nlisten_port=106072\npasv_min_port=40536\npasv_max_port=40536\n",
      name: "listen_port cut to 16 bits",
      errors: [{ messageId: "only", contains: "only port 40536" }],
    },
    {
      conf: "listen=YES\nlisten_port=40050\npasv_min_port=40000\npasv_max_port=40100\n",
      errors: [{ messageId: "contains", line: 3, severity: "warning", contains: "the passive range 40000-40100 contains listen_port 40050" }],
    },
    {
      conf: "listen=YES\nlisten_port=50000\npasv_max_port=60000\n",
      name: "only the maximum set: the range starts at the compiled 5001",
      errors: [{ messageId: "contains", line: 3, severity: "warning", contains: "5001-60000" }],
    },
  ],
});
