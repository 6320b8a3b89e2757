import rule from "../../src/lint/rules/VSF111-truncated-file.js";
import { ruleTester } from "../helpers/rule-tester.js";

const MAX = 100_000;
/** A comment line that brings the file to `size` bytes, LF included. */
const pad = (size: number) => "#" + "x".repeat(size - 2) + "\n";

ruleTester(rule, {
  valid: [
    "listen=YES\n",
    { conf: pad(MAX - 11) + "listen=YES\n", name: "exactly 100000 bytes" },
  ],
  invalid: [
    {
      conf: pad(MAX) + "bogus=1\n",
      name: "a setting after the limit",
      errors: [{ messageId: "ignored", line: 2, col: 1, severity: "warning", contains: "line 2" }],
    },
    {
      conf: pad(MAX - "anonymous_enable=Y".length) + "anonymous_enable=YES\n",
      name: "a bool cut at the limit",
      errors: [{ messageId: "cutRefused", line: 2, col: 19, severity: "error", contains: "bad bool value in config file for: anonymous_enable" }],
    },
    {
      conf: pad(MAX - 5) + "# a long comment\n",
      name: "a comment cut at the limit",
      errors: [{ messageId: "cut", line: 2, col: 6, severity: "warning", contains: "'# a l'" }],
    },
    {
      conf: pad(MAX - "ftpd_banner=Wel".length) + "ftpd_banner=Welcome\n",
      name: "a string cut at the limit",
      errors: [{ messageId: "cut", severity: "warning", contains: "'ftpd_banner=Wel'" }],
    },
  ],
});
