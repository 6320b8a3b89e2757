import rule from "../../src/lint/rules/VSF105-crlf.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: ["listen=YES\n", "listen=YES", { conf: "ftpd_banner=a\rb\n", name: "CR inside a value" }],
  invalid: [
    {
      conf: "listen=YES\r\nbackground=NO\r\n",
      errors: [{ messageId: "refused", line: 1, col: 11, severity: "error", contains: "2 lines" }],
      output: "listen=YES\nbackground=NO\n",
    },
    {
      conf: "# config\r\nmax_clients=5\r\nlisten=YES\r\nanonymous_enable=NO\r\n",
      name: "one finding for the file, at the first refused line",
      errors: [{ messageId: "refused", line: 3, contains: "1 more setting likewise" }],
      output: "# config\nmax_clients=5\nlisten=YES\nanonymous_enable=NO\n",
    },
    {
      conf: "# c\r\nmax_clients=5\r\n",
      name: "uints ignore the CR",
      errors: [{ messageId: "harmless", line: 2, severity: "info" }],
      output: "# c\nmax_clients=5\n",
    },
    { conf: "# only a comment\r\n", errors: [{ messageId: "harmless", line: 1, severity: "info" }], output: "# only a comment\n" },
    { conf: "ftpd_banner=Hi\r\n", name: "Debian trims the CR off strings", errors: [{ messageId: "harmless", severity: "info" }], output: "ftpd_banner=Hi\n" },
    {
      conf: "ftpd_banner=Hi\r\n",
      options: { distro: "upstream" },
      errors: [{ messageId: "changes", severity: "warning", contains: "'Hi\\r'" }],
      output: "ftpd_banner=Hi\n",
    },
    {
      conf: "ftpd_banner=\r\n",
      name: "Debian crashes on a value that is only a CR",
      errors: [{ messageId: "crash", severity: "error", contains: "segmentation fault" }],
      output: "ftpd_banner=\n",
    },
    { conf: "listen=on\r\n", name: "VSF110 takes the error", errors: [{ messageId: "extra", severity: "warning" }], output: "listen=on\n" },
    { conf: "Listen=YES\r\n", name: "VSF102 takes the error", errors: [{ messageId: "also", severity: "warning" }], output: "Listen=YES\n" },
    { conf: "listen=YES\r", name: "last line without LF", errors: [{ messageId: "refused" }], output: "listen=YES" },
    {
      conf: "max_clients=\r\nlisten=YES\r\n",
      name: "a CR that is the whole value stays: without it vsftpd would find no value",
      errors: [{ messageId: "refused", line: 2 }],
      output: "max_clients=\r\nlisten=YES\n",
    },
  ],
});
