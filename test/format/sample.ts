/** Hand-made results covering every severity, a finding without a source line, and control characters. */
import type { FileResult, Finding } from "../../src/lint/finding.js";
import { defineRule, type Rule } from "../../src/lint/rule.js";

export const SAMPLE_RULES: readonly Rule[] = [
  defineRule({ code: "VSF101", name: "unknown-option", severity: "error", category: "startup", description: "Unknown option.", messages: {}, check() {} }),
  defineRule({ code: "VSF601", name: "mode-without-leading-zero", severity: "warning", category: "trap", description: "Decimal umask.", messages: {}, check() {} }),
  defineRule({ code: "VSF901", name: "some-explanation", severity: "info", category: "trap", description: "An explanation.", messages: {}, check() {} }),
];

const f = (x: Omit<Finding, "file" | "rule"> & { file?: string }): Finding => ({
  file: "conf/a b.conf",
  rule: SAMPLE_RULES.find((r) => r.code === x.code)?.name ?? "x",
  ...x,
});

export const SAMPLE: readonly FileResult[] = [
  {
    file: "conf/a b.conf",
    text: "\uFEFFlisten=YES\r\n\tfoo=1\nlocal_umask=22\n",
    findings: [
      f({ code: "VSF101", severity: "error", messageId: "unknown", message: "unknown option '\uFEFFlisten'", line: 1, col: 1, source: "\uFEFFlisten=YES\r" }),
      f({ code: "VSF901", severity: "info", messageId: "about", message: "about: something, 100% sure\nsecond line", line: 1, col: 1 }),
      f({ code: "VSF101", severity: "error", messageId: "unknown", message: "unknown option 'foo'", line: 2, col: 2, source: "\tfoo=1", fix: [{ line: 2, startCol: 1, endCol: 2, text: "" }] }),
      f({ code: "VSF601", severity: "warning", messageId: "decimal", message: "local_umask=22 is decimal 22, octal 026", line: 3, col: 13, source: "local_umask=22" }),
    ],
  },
  { file: "/etc/vsftpd.conf", text: "listen=YES\n", findings: [] },
];
