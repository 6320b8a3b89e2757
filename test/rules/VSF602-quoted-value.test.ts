import rule from "../../src/lint/rules/VSF602-quoted-value.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "pasv_address=1.2.3.4\n",
    "ftpd_banner=Welcome to \"our\" server\n",
    { conf: "ftpd_banner=\"\n", name: "one quote is not a pair" },
    { conf: "ftpd_banner=\"Hi'\n", name: "mismatched quotes" },
    { conf: "local_root=\n", name: "unset string" },
    { conf: "listen_port=\"21\"\n", name: "uints are not strings (VSF603)" },
  ],
  invalid: [
    {
      conf: "pasv_address='1.2.3.4'\n",
      errors: [{ messageId: "quoted", line: 1, col: 1, contains: "write pasv_address=1.2.3.4" }],
    },
    { conf: "ftpd_banner=\"Hi\"\n", errors: [{ messageId: "quoted", contains: "ftpd_banner is set to \"Hi\"" }] },
    { conf: "listen=YES\nlocal_root=\"/srv\"\n", errors: [{ messageId: "quoted", line: 2, contains: "local_root=/srv" }] },
    { conf: "local_root=\"/srv\"\r\n", name: "CRLF does not hide it", errors: [{ messageId: "quoted" }] },
    { conf: "local_root= '/srv' \n", name: "blanks around the quotes do not hide it", errors: [{ messageId: "quoted", contains: "local_root=/srv" }] },
    { conf: "ftpd_banner=\"\"\n", name: "empty quoted value", errors: [{ messageId: "quoted" }] },
    {
      conf: "local_root=\"/srv\"\n",
      options: { distro: "rhel" },
      name: "RHEL trims blanks but keeps quotes",
      errors: [{ messageId: "quoted" }],
    },
  ],
});
