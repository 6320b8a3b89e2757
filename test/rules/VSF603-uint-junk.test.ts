import rule from "../../src/lint/rules/VSF603-uint-junk.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "listen_port=2121\n",
    "max_clients=0\n",
    "local_umask=022\n",
    { conf: "listen_port=2121\r\n", name: "a CR is harmless to atoi" },
    { conf: "listen_port=2121 \n", name: "trailing blank is harmless to atoi" },
    { conf: "listen_port=+21\n", name: "a plus sign is read as written" },
    { conf: "listen_port= 21\n", name: "leading blank is VSF103's" },
    { conf: "listen_port=21 # ftp\n", name: "an inline comment is VSF108's" },
    { conf: "local_umask=22\n", name: "mode without leading 0 is VSF601's" },
    { conf: "max_per_ip=07\n", name: "single-digit octal equals decimal" },
    { conf: "max_per_ip=00\n" },
    { conf: "listen_port=\n", name: "empty value is a refusal" },
  ],
  invalid: [
    { conf: "listen_port=47212abc\n", errors: [{ messageId: "partial", line: 1, col: 1, contains: "uses 47212" }] },
    { conf: "max_clients=lots\n", errors: [{ messageId: "noDigits", contains: "vsftpd uses 0" }] },
    { conf: "listen_port=0x1234\n", errors: [{ messageId: "octalStop", contains: "uses 0" }] },
    { conf: "max_per_ip=08\n", errors: [{ messageId: "octalStop", contains: "uses 0" }] },
    { conf: "max_login_fails=-1\n", errors: [{ messageId: "negative", contains: "uses 4294967295" }] },
    { conf: "idle_session_timeout=4294967296\n", errors: [{ messageId: "overflow", contains: "uses 0" }] },
    { conf: "listen_port=02121\n", errors: [{ messageId: "octalSurprise", contains: "uses 1105, not 2121" }] },
    { conf: "local_umask=022abc\n", name: "junk after an octal mode", errors: [{ messageId: "octalStop", contains: "uses 022" }] },
    { conf: "local_umask=09\n", errors: [{ messageId: "octalStop", contains: "uses 0" }] },
    { conf: "listen=YES\nlisten_port=21abc # ftp\n", errors: [{ messageId: "partial", line: 2, contains: "listen_port=21abc: " }] },
  ],
});
