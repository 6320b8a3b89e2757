import rule from "../../src/lint/rules/VSF601-mode-without-leading-zero.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "local_umask=022\n",
    "anon_umask=077\nfile_open_mode=0666\nchown_upload_mode=0600\n",
    { conf: "local_umask=0\n", name: "zero is zero in any base" },
    { conf: "local_umask=7\n", name: "a single octal digit means the same in both bases" },
    { conf: "local_umask= 22\n", name: "leading blank is VSF103's" },
    { conf: "local_umask=\n", name: "empty value is a refusal (VSF1xx)" },
    { conf: "listen_port=2121\n", name: "plain uints are not modes" },
    { conf: "local_umask=0x22\n", name: "leading 0 is octal already; the junk is VSF603's" },
  ],
  invalid: [
    {
      conf: "local_umask=22\n",
      errors: [{ messageId: "decimal", line: 1, col: 1, contains: "22 is read as decimal 22 = 026 octal; write local_umask=022" }],
    },
    { conf: "listen=YES\nfile_open_mode=644\n", errors: [{ messageId: "decimal", line: 2, contains: "decimal 644 = 01204 octal; write file_open_mode=0644" }] },
    { conf: "anon_umask=77\r\n", name: "CRLF does not hide it", errors: [{ messageId: "decimal", contains: "write anon_umask=077" }] },
    { conf: "chown_upload_mode=600\n", errors: [{ messageId: "decimal", contains: "= 01130 octal" }] },
    { conf: "local_umask=18\n", name: "digits 8 and 9 are decimal", errors: [{ messageId: "decimalOdd", contains: "decimal 18 = 022 octal" }] },
    { conf: "local_umask=22 # group-readable\n", name: "the inline comment is VSF108's, the digits are ours", errors: [{ messageId: "decimal", contains: "write local_umask=022" }] },
    { conf: "local_umask=22abc\n", errors: [{ messageId: "decimalOdd", contains: "decimal 22 = 026 octal" }] },
    { conf: "local_umask=none\n", name: "junk is umask 0", errors: [{ messageId: "decimalOdd", contains: "decimal 0 = 0 octal" }] },
    {
      conf: "local_umask=22\nanon_umask=22\n",
      errors: [{ messageId: "decimal", line: 1, contains: "local_umask=022" }, { messageId: "decimal", line: 2, contains: "anon_umask=022" }],
    },
  ],
});
