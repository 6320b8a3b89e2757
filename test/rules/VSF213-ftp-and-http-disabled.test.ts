import rule from "../../src/lint/rules/VSF213-ftp-and-http-disabled.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: ["listen=YES\n", "ftp_enable=YES\n", "ftp_enable=NO\nhttp_enable=YES\n"],
  invalid: [
    {
      conf: "listen=YES\nftp_enable=NO\n",
      errors: [{ messageId: "neither", line: 2, col: 1, severity: "error", contains: "http_enable unset (debian default NO): every session is refused (vsftpd: both FTP and HTTP disabled!)" }],
    },
    { conf: "http_enable=NO\nftp_enable=NO\n", errors: [{ messageId: "neither", line: 2, contains: "http_enable=NO" }] },
  ],
});
