import rule from "../../src/lint/rules/VSF301-bad-pasv-address.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "pasv_address=203.0.113.7\n",
    "pasv_address=\n",
    { conf: "pasv_address=ftp.example.com\npasv_addr_resolve=YES\n", name: "resolved at startup (host checks)" },
    { conf: "pasv_address=ftp.example.com\npasv_enable=NO\n", name: "no PASV, no check (VSF605)" },
    { conf: "pasv_address= 203.0.113.7\r\n", name: "Debian trims string values" },
  ],
  invalid: [
    {
      conf: "listen=YES\npasv_address=ftp.example.com\n",
      errors: [{ messageId: "bad", line: 2, col: 1, severity: "error", contains: "(500 OOPS: invalid pasv_address), EPSV still works; for a host name set pasv_addr_resolve=YES" }],
    },
    { conf: "pasv_address='203.0.113.7'\n", errors: [{ messageId: "bad", contains: "remove the quotes" }] },
    { conf: 'pasv_address="203.0.113.7"\n', errors: [{ messageId: "bad" }] },
    { conf: "pasv_address=2001:db8::7\n", errors: [{ messageId: "bad", contains: "IPv4 only" }] },
    { conf: "pasv_address=203.0.113.300\n", errors: [{ messageId: "bad" }] },
    { conf: "pasv_address= 203.0.113.7\n", options: { distro: "upstream" }, name: "upstream keeps the blank", errors: [{ messageId: "bad" }] },
    { conf: "pasv_address=010.0.0.1\n", errors: [{ messageId: "readAs", severity: "warning", contains: "advertised as 8.0.0.1" }] },
    { conf: "pasv_address=203.0.113.7 # office\n", errors: [{ messageId: "readAs", severity: "warning" }] },
    { conf: "pasv_address=10.1\n", errors: [{ messageId: "readAs", severity: "info", contains: "10.0.0.1" }] },
  ],
});
