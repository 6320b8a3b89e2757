import { CONF_FILE_MAX } from "../../vsftpd/scan.js";
import { analyzeConf, shown, verdict } from "../line-faults.js";
import { defineRule } from "../rule.js";

/** vsftpd reads a config with one read() of at most 100000 bytes and never looks further. */
export default defineRule({
  code: "VSF111",
  name: "truncated-file",
  severity: "warning",
  category: "syntax",
  description: "vsftpd reads only the first 100000 bytes of a config file and silently ignores the rest.",
  messages: {
    ignored: "vsftpd reads only the first {max} bytes of a config file: line {line} and everything after it are ignored",
    cut: "vsftpd reads only the first {max} bytes of a config file: this line is cut after '{kept}' and everything after it is ignored",
    cutRefused: "vsftpd reads only the first {max} bytes of a config file: this line is cut to '{kept}' and vsftpd {verdict}",
  },
  check(ctx) {
    const { scan } = ctx;
    if (!scan.truncated || scan.truncatedAtLine === undefined) return;
    const line = scan.truncatedAtLine;
    const cut = scan.lines[line - 1];
    if (!cut) {
      ctx.report({ messageId: "ignored", at: { line, col: 1 }, data: { max: CONF_FILE_MAX, line } });
      return;
    }
    const at = { line, col: cut.text.length + 1 };
    const kept = shown(cut.text.length > 40 ? "..." + cut.text.slice(-40) : cut.text);
    const a = analyzeConf(scan, ctx.options.distro).find((x) => x.setting.line === line);
    if (a?.explainedBy === "truncated") {
      ctx.report({ messageId: "cutRefused", at, severity: "error", data: { max: CONF_FILE_MAX, kept, verdict: verdict(a.item) } });
    } else {
      ctx.report({ messageId: "cut", at, data: { max: CONF_FILE_MAX, kept } });
    }
  },
});
