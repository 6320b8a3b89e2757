import { debianHost, fakeHostFacts } from "../helpers/fake-facts.js";
import rule from "../../src/lint/rules/VSF301-bad-pasv-address.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "pasv_address=203.0.113.7\n",
    "pasv_address=\n",
    { conf: "pasv_address=ftp.example.com\npasv_addr_resolve=YES\n", name: "resolved at startup (host checks)" },
    { conf: "pasv_address=ftp.example.com\npasv_enable=NO\n", name: "no PASV, no check (VSF605)" },
    { conf: "pasv_address= 203.0.113.7\r\n", name: "Debian trims string values" },
    { conf: "pasv_addr_resolve=YES\npasv_address=ftp_1.example.com\n", name: "underscores are asked of DNS (VSF811's under --host)" },
    { conf: "pasv_addr_resolve=YES\npasv_address=127.1\n", name: "what inet_aton reads needs no lookup" },
    { conf: "pasv_addr_resolve=YES\npasv_address=localhost \n", name: "Debian trims the blank vsftpd would otherwise resolve" },
    { conf: "pasv_addr_resolve=YES\npasv_address=\n", name: "empty: nothing is resolved" },
    {
      conf: "pasv_addr_resolve=YES\npasv_address=ftp[1]\n",
      host: fakeHostFacts({ resolvable: ["localhost", "ftp[1]"] }),
      name: "an /etc/hosts alias may be spelled anyhow; --host asks the resolver",
    },
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
    {
      conf: "pasv_addr_resolve=YES\npasv_address=ftp.example.com 127.0.0.1\n",
      name: "a blank inside: no resolver finds it, no host needed",
      errors: [
        {
          messageId: "notHostName",
          line: 2,
          severity: "error",
          contains: "it holds a blank, which neither /etc/hosts nor DNS names can; with pasv_addr_resolve=YES vsftpd refuses to start (500 OOPS: cannot resolve host:ftp.example.com 127.0.0.1)",
        },
      ],
    },
    {
      conf: "pasv_address=[203.0.113.7]\npasv_addr_resolve=YES\n",
      name: "brackets: no DNS name",
      errors: [{ messageId: "notHostName", line: 1, contains: "it is no DNS host name" }],
    },
    {
      conf: "pasv_addr_resolve=YES\npasv_address=[127.0.0.1]\n",
      host: debianHost(),
      name: "brackets, and this machine's resolver does not know them either",
      errors: [{ messageId: "notHostName", contains: "cannot resolve host:[127.0.0.1]" }],
    },
    { conf: "pasv_addr_resolve=YES\npasv_address=999.999.999.999\n", errors: [{ messageId: "notHostName", contains: "digits and dots that are not an IPv4 address" }] },
    { conf: "pasv_addr_resolve=YES\npasv_address=2001:db8::7\n", errors: [{ messageId: "notHostName", contains: "an IPv6 address" }] },
    { conf: "pasv_addr_resolve=YES\npasv_enable=NO\npasv_address=a..b\n", name: "resolved at startup even without PASV", errors: [{ messageId: "notHostName" }] },
    { conf: "pasv_addr_resolve=YES\npasv_address=-ftp.example.com\n", errors: [{ messageId: "notHostName" }] },
  ],
});
