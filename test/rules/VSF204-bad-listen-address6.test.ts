import rule from "../../src/lint/rules/VSF204-bad-listen-address6.js";
import { ruleTester } from "../helpers/rule-tester.js";

const V6 = "listen=NO\nlisten_ipv6=YES\n";

ruleTester(rule, {
  valid: [
    `${V6}listen_address6=::1\n`,
    `${V6}listen_address6=::ffff:127.0.0.1\n`,
    `${V6}listen_address6=2001:db8::\n`,
    `${V6}listen_address6=\n`,
    { conf: `${V6}listen_address6=fe80::1%eth0\n`, name: "Debian accepts a zone" },
    { conf: `${V6}listen_address6= ::1\r\n`, name: "Debian trims string values" },
    { conf: "listen=YES\nlisten_address6=[::1]\n", name: "not read without listen_ipv6=YES" },
  ],
  invalid: [
    {
      conf: `${V6}listen_address6=[::1]\n`,
      errors: [{ messageId: "bad", line: 3, col: 1, severity: "error", contains: "without brackets): vsftpd refuses to start (bad listen_address6: [::1])" }],
    },
    { conf: `${V6}listen_address6=1::2::3\n`, errors: [{ messageId: "bad" }] },
    { conf: `${V6}listen_address6=::10000\n`, errors: [{ messageId: "bad" }] },
    { conf: `${V6}listen_address6=localhost\n`, errors: [{ messageId: "bad", contains: "host names" }] },
    { conf: `${V6}listen_address6=::1 junk\n`, errors: [{ messageId: "bad", contains: "blanks" }] },
    { conf: `${V6}listen_address6=fe80::1%eth0\n`, options: { distro: "upstream" }, errors: [{ messageId: "bad", contains: "%zone" }] },
    { conf: `${V6}listen_address6=fe80::1%eth0\n`, options: { distro: "rhel" }, errors: [{ messageId: "bad" }] },
    { conf: `${V6}listen_address6=::1\r\n`, options: { distro: "upstream" }, name: "upstream keeps the CR", errors: [{ messageId: "bad" }] },
    { conf: `${V6}listen_address6=127.0.0.1\n`, errors: [{ messageId: "short", severity: "warning", contains: "binds 7f00:1::" }] },
    { conf: `${V6}listen_address6=1:2\n`, errors: [{ messageId: "short", contains: "missing 12 bytes" }] },
  ],
});
