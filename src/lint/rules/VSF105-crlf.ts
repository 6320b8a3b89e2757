import { faultData, faultsOf, messageIdFor, ROLE_SEVERITY, type Role } from "../line-faults.js";
import { defineRule, type Edit } from "../rule.js";

/** Worst first: the line the one finding points at. */
const RANK: readonly Role[] = ["refused", "also", "changes", "extra", "harmless"];

/**
 * A file saved on Windows has a CR on every line, so one finding for the
 * file reads better than one per line; it points at the line that matters
 * most (where vsftpd stops, if it does) and its fix repairs every line.
 */
export default defineRule({
  code: "VSF105",
  name: "crlf",
  severity: "error",
  category: "syntax",
  description: "Windows (CRLF) line endings leave a CR at the end of every value; vsftpd refuses it on bool options.",
  fixable: true,
  messages: {
    refused: "Windows line endings (CRLF) on {lines}: vsftpd keeps the CR as part of the value and {verdict}{others}",
    crash: "Windows line endings (CRLF) on {lines}: {option} has only a CR as its value, which Debian's vsftpd trims to nothing and {verdict}",
    also: "Windows line endings (CRLF) on {lines}: vsftpd keeps the CR as part of each value; here that alone would also stop vsftpd ({next})",
    changes: "Windows line endings (CRLF) on {lines}: vsftpd keeps the CR as part of the value and reads {option} as {got}{instead}{others}",
    extra: "Windows line endings (CRLF) on {lines}: vsftpd keeps the CR as part of each value",
    harmless: "Windows line endings (CRLF) on {lines}: harmless for the settings here on {distro}, but vsftpd keeps the CR in values and refuses it on bool options",
  },
  check(ctx) {
    const crLines = ctx.scan.lines.filter((l) => l.text.endsWith("\r"));
    if (crLines.length === 0) return;
    const found = faultsOf(ctx.scan, ctx.options.distro, "crlf");
    // `max_clients=\r` reads 0 but `max_clients=` is refused: such lines keep their CR.
    const keep = new Set(found.filter((x) => !x.f.fix).map((x) => x.a.setting.line));
    const fix: Edit[] = crLines
      .filter((l) => !keep.has(l.line))
      .map((l) => ({ line: l.line, startCol: l.text.length, endCol: l.text.length + 1, text: "" }));
    const lines = crLines.length === 1 ? "1 line" : `${crLines.length} lines`;
    const worst = found.reduce<(typeof found)[number] | undefined>(
      (w, x) => (!w || RANK.indexOf(x.f.role) < RANK.indexOf(w.f.role) ? x : w),
      undefined,
    );
    if (!worst) {
      const first = crLines[0]!;
      const data = { lines, distro: ctx.options.distro };
      ctx.report({ messageId: "harmless", data, at: { line: first.line, col: first.text.length }, severity: "info", fix });
      return;
    }
    const { a, f } = worst;
    const same = found.filter((x) => x !== worst && x.f.role === f.role).length;
    const others = same === 0 || (f.role !== "refused" && f.role !== "changes") ? "" : `; ${same} more setting${same === 1 ? "" : "s"} likewise`;
    ctx.report({
      messageId: messageIdFor(a, f, true),
      data: { ...faultData(a, f, ctx.options.distro), lines, others },
      at: { line: a.setting.line, col: f.col },
      severity: ROLE_SEVERITY[f.role],
      fix,
    });
  },
});
