import VSF101 from "../../src/lint/rules/VSF101-unknown-option.js";
import rule from "../../src/lint/rules/VSF112-unused-disable.js";
import VSF601 from "../../src/lint/rules/VSF601-mode-without-leading-zero.js";
import VSF604 from "../../src/lint/rules/VSF604-duplicate-setting.js";
import VSF704 from "../../src/lint/rules/VSF704-promiscuous.js";
import VSF808 from "../../src/lint/rules/VSF808-log-file.js";
import { ruleTester } from "../helpers/rule-tester.js";

const alongside = [VSF601, VSF604, VSF704, VSF101];

ruleTester(rule, {
  valid: [
    "listen=YES\n",
    { conf: "# ftpctl-disable VSF601\nlocal_umask=22\n", alongside, name: "silences a finding on the next setting line" },
    { conf: "# ftpctl-disable VSF601 -- legacy clients\n\n# why\nlocal_umask=22\n", alongside, name: "comments and blank lines in between, and a reason" },
    { conf: "# ftpctl-disable-file VSF601\nlisten=YES\nanon_umask=22\n", alongside, name: "file-wide, anywhere in the file" },
    { conf: "# ftpctl-disable vsf601\nlocal_umask=22\n", alongside, name: "codes are matched without regard to case" },
    { conf: "# ftpctl-disable-file ALL\nlocal_umask=22\n", alongside, name: "ALL silences everything" },
    { conf: "# ftpctl-disable VSF601, VSF604\nlocal_umask=22\nlocal_umask=22\n", alongside, name: "each code silences something on its line" },
    { conf: "# ftpctl-disable VSF808\nxferlog_file=/nowhere/x.log\n", alongside: [VSF808], name: "a host rule without --host: what it would silence is unknown" },
    { conf: "# ftpctl-disable VSF601\nlocal_umask=022\n", name: "a rule that did not run in this lint" },
    { conf: "# ftpctl-disable-file VSF112\n# ftpctl-disable VSF999\nlisten=YES\n", name: "VSF112 itself can be silenced file-wide" },
    { conf: "  # ftpctl-disable VSF999\nlisten=YES\n", name: "an indented directive is no directive (VSF107 reports the line)" },
  ],
  invalid: [
    {
      conf: "# ftpctl-disable VSF999\nlisten=YES\n",
      name: "a code that is no rule",
      errors: [{ messageId: "unknown", line: 1, col: 18, severity: "warning", contains: "names VSF999, which is no ftpctl rule" }],
    },
    { conf: "# ftpctl-disable VSF60\nlocal_umask=22\n", alongside, name: "a misspelt code", errors: [{ messageId: "unknown", col: 18 }] },
    { conf: "# ftpctl-disable-file pasv_promiscuous\npasv_promiscuous=YES\n", alongside, name: "an option name instead of a code", errors: [{ messageId: "unknown", col: 23 }] },
    {
      conf: "# ftpctl-disable VSF601\nlocal_umask=022\n",
      alongside,
      name: "the fault was fixed",
      errors: [{ messageId: "unused", line: 1, col: 18, contains: "VSF601 reports nothing on line 2" }],
    },
    {
      conf: "# ftpctl-disable VSF601\nlisten=YES\nlocal_umask=22\n",
      alongside,
      name: "above the wrong line",
      errors: [{ messageId: "unused", contains: "line 2" }],
    },
    {
      conf: "# ftpctl-disable VSF601,VSF604\nlocal_umask=22\n",
      alongside,
      name: "one of two codes silences nothing",
      errors: [{ messageId: "unused", col: 25, contains: "VSF604" }],
    },
    { conf: "# ftpctl-disable-file VSF704\nlisten=YES\n", alongside, name: "file-wide, silencing nothing", errors: [{ messageId: "unusedFile", line: 1, col: 23 }] },
    { conf: "listen=YES\n# ftpctl-disable VSF601\n", alongside, name: "nothing follows", errors: [{ messageId: "noTarget", line: 2 }] },
    { conf: "# ftpctl-disable-file ALL\nlisten=YES\n", alongside, name: "ALL, with nothing to silence", errors: [{ messageId: "unusedFile" }] },
    { conf: "# ftpctl-disable\nlocal_umask=22\n", alongside, name: "a directive naming no code", errors: [{ messageId: "noCode", line: 1, col: 1, contains: "names no rule" }] },
    { conf: "# ftpctl-disable -- legacy\nlocal_umask=22\n", alongside, name: "a reason but no code", errors: [{ messageId: "noCode", line: 1, col: 1 }] },
    { conf: "listen=YES\n# ftpctl-disable-file\n", alongside, name: "a file-wide directive naming no code", errors: [{ messageId: "noCode", line: 2 }] },
    {
      conf: "# ftpctl-disable VSF601 VSF601\nlocal_umask=22\n",
      alongside,
      name: "a code named twice: the first silences, the repeat does not",
      errors: [{ messageId: "duplicate", line: 1, col: 25, contains: "# ftpctl-disable names VSF601 more than once" }],
    },
    { conf: "# ftpctl-disable VSF601,vsf601\nlocal_umask=22\n", alongside, name: "a code named twice, in another case", errors: [{ messageId: "duplicate", col: 25 }] },
    {
      conf: "# ftpctl-disable-file VSF704,VSF704\nlisten=YES\n",
      alongside,
      name: "a code named twice that silences nothing: both faults are reported",
      errors: [
        { messageId: "unusedFile", col: 23 },
        { messageId: "duplicate", col: 30 },
      ],
    },
    {
      conf: "# ftpctl-disable VSF999 -- typo\r\nlisten=YES\r\n",
      name: "a CRLF file",
      errors: [{ messageId: "unknown", line: 1, col: 18 }],
    },
  ],
});
