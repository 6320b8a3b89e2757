import rule from "../../src/lint/rules/VSF203-bad-listen-address.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "listen=YES\nlisten_address=127.0.0.1\n",
    "listen=YES\nlisten_address=\n",
    "listen=YES\nlisten_address=127.0.0.01\n",
    { conf: "listen=YES\nlisten_address= 127.0.0.1 \n", name: "Debian trims string values" },
    { conf: "listen=NO\nlisten_ipv6=YES\nlisten_address=localhost\n", name: "not read without listen=YES" },
    { conf: "listen_address=localhost\n", name: "Debian compiles listen=NO" },
  ],
  invalid: [
    {
      conf: "listen=YES\nlisten_address=localhost\n",
      errors: [{ messageId: "bad", line: 2, col: 1, severity: "error", contains: "(host names are not resolved): vsftpd refuses to start (bad listen_address: localhost)" }],
    },
    { conf: "listen=YES\nlisten_address=127.0.0.256\n", errors: [{ messageId: "bad" }] },
    { conf: "listen=YES\nlisten_address=127.0.0.1.\n", errors: [{ messageId: "bad" }] },
    { conf: "listen=YES\nlisten_address=08.0.0.1\n", errors: [{ messageId: "bad" }] },
    { conf: "listen=YES\nlisten_address=::1\n", errors: [{ messageId: "bad", contains: "listen_address6" }] },
    { conf: "listen=YES\nlisten_address='127.0.0.1'\n", errors: [{ messageId: "bad", contains: "quotes" }] },
    { conf: "listen_address=localhost\n", options: { distro: "upstream" }, name: "upstream compiles listen=YES", errors: [{ messageId: "bad" }] },
    { conf: "listen=YES\nlisten_address= 127.0.0.1\n", options: { distro: "upstream" }, name: "upstream keeps the blank", errors: [{ messageId: "bad" }] },
    { conf: "listen=YES\nlisten_address=010.0.0.1\n", errors: [{ messageId: "readAs", severity: "warning", contains: "binds 8.0.0.1" }] },
    { conf: "listen=YES\nlisten_address=127.0.0.1 junk\n", errors: [{ messageId: "readAs", severity: "warning", contains: "ignores the rest" }] },
    { conf: "listen=YES\nlisten_address=127.1\n", errors: [{ messageId: "readAs", severity: "info", contains: "binds 127.0.0.1" }] },
    { conf: "listen=YES\nlisten_address=0x7f.0.0.1\n", errors: [{ messageId: "readAs", severity: "info" }] },
  ],
});
