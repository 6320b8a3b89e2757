import rule from "../../src/lint/rules/VSF604-duplicate-setting.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "listen=YES\nanonymous_enable=NO\n",
    { conf: "listen=YES\nListen=NO\n", name: "a miscased name is another (refused) line" },
    { conf: "listen=YES\nlisten=maybe\n", name: "refused lines are VSF1xx's" },
    { conf: "#listen=NO\nlisten=YES\n", name: "comments do not count" },
  ],
  invalid: [
    {
      conf: "anonymous_enable=NO\nlocal_enable=YES\nanonymous_enable=YES\n",
      errors: [{ messageId: "overridden", line: 1, severity: "warning", contains: "line 3 ('anonymous_enable=YES')" }],
    },
    { conf: "listen=YES\nlisten=TRUE\n", name: "same value, different spelling", errors: [{ messageId: "redundant", line: 1, severity: "info" }] },
    { conf: "local_umask=022\nlocal_umask=18\n", name: "compared as vsftpd stores them", errors: [{ messageId: "redundant", severity: "info" }] },
    {
      conf: "pasv_min_port=1\npasv_min_port=2\npasv_min_port=1\n",
      errors: [
        { messageId: "redundant", line: 1, severity: "info", contains: "line 3" },
        { messageId: "overridden", line: 2, severity: "warning", contains: "line 3" },
      ],
    },
    { conf: "local_root=/srv\nlocal_root=\n", name: "an empty string unsets", errors: [{ messageId: "overridden", contains: "'local_root='" }] },
    {
      conf: "ftpd_banner=Hi\r\nftpd_banner=Hi\n",
      options: { distro: "upstream" },
      name: "upstream keeps a CR, so the strings differ",
      errors: [{ messageId: "overridden" }],
    },
    {
      conf: "ftpd_banner=Hi\r\nftpd_banner=Hi\n",
      name: "Debian trims the CR, so the strings are equal",
      errors: [{ messageId: "redundant", severity: "info" }],
    },
  ],
});
