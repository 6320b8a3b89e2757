/** verify's report as text, lint's JSON finding schema, JUnit XML, or a Nagios plugin line. */
import type { Distro } from "../vsftpd/option-spec.js";
import { CHECKS } from "./checks/index.js";
import { checkCode, type CheckResult, type Status, type VerifyReport } from "./types.js";

import type { VerifyFormat } from "./formats.js";

export { FORMATS, type VerifyFormat } from "./formats.js";

const TITLES = new Map(CHECKS.map((c) => [c.id, c.title]));

export function counts(r: VerifyReport): Record<Status, number> {
  const n: Record<Status, number> = { pass: 0, fail: 0, skip: 0, info: 0 };
  for (const x of r.results) n[x.status]++;
  return n;
}

/** Exit code: 0 all pass, 1 any fail (Nagios: 0 OK, 2 CRITICAL). */
export function verifyExit(r: VerifyReport, format: VerifyFormat): number {
  const failed = counts(r).fail > 0;
  return format === "nagios" ? (failed ? 2 : 0) : failed ? 1 : 0;
}

/** One progress line per check, as it ends. */
export function resultLine(x: CheckResult): string {
  const reply = x.reply ? `  [${x.reply}]` : "";
  return `  ${x.status.padEnd(4)}  ${(TITLES.get(x.id) ?? x.id).padEnd(28)} ${x.reason}${reply}`;
}

export function formatText(r: VerifyReport, withLines: boolean): string {
  const n = counts(r);
  const head = `ftpctl verify ftp://${r.target.host}:${r.target.port} against ${r.source}`;
  const lines = withLines ? r.results.map(resultLine) : [];
  const summary = `${n.pass} passed, ${n.fail} failed, ${n.skip} skipped${n.info ? `, ${n.info} for information` : ""} (${r.timings.totalMs} ms)`;
  return [head, ...lines, summary].join("\n") + "\n";
}

export function formatJson(r: VerifyReport, distro: Distro, version: string): string {
  const findings = r.results
    .filter((x) => x.status !== "pass")
    .map((x) => ({
      code: checkCode(x.id),
      rule: x.id,
      severity: x.status === "fail" ? "error" : "info",
      messageId: x.status === "fail" ? "failed" : x.status === "skip" ? "skipped" : "note",
      message: `${TITLES.get(x.id)}: ${x.reason}`,
      line: 1,
      col: 1,
      ...(x.reply !== undefined ? { source: x.reply } : {}),
      fixable: false,
    }));
  const n = counts(r);
  const doc = {
    version: 2,
    tool: { name: "ftpctl", version },
    distro,
    files: [{ file: r.source, findings }],
    summary: { files: 1, errors: n.fail, warnings: 0, infos: n.skip + n.info },
  };
  return JSON.stringify(doc, null, 2) + "\n";
}

const xml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");

export function formatJunit(r: VerifyReport): string {
  const n = counts(r);
  const cases = r.results.map((x) => {
    const open = `  <testcase classname="ftpctl.verify.${r.target.host}" name="${xml(`${checkCode(x.id)} ${TITLES.get(x.id)}`)}" time="${(x.ms / 1000).toFixed(3)}"`;
    if (x.status === "fail") return `${open}>\n    <failure message="${xml(x.reason)}">${xml(x.reply ?? "")}</failure>\n  </testcase>`;
    if (x.status === "skip") return `${open}>\n    <skipped message="${xml(x.reason)}"/>\n  </testcase>`;
    return `${open}>\n    <system-out>${xml(x.reason)}</system-out>\n  </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite name="ftpctl verify ${xml(`${r.target.host}:${r.target.port}`)}" tests="${r.results.length}" failures="${n.fail}" errors="0" skipped="${n.skip}" time="${(r.timings.totalMs / 1000).toFixed(3)}">`,
    ...cases,
    "</testsuite>",
    "",
  ].join("\n");
}

/** The monitoring-plugin convention: one status line, perfdata after "|". */
export function formatNagios(r: VerifyReport): string {
  const n = counts(r);
  const failed = r.results.filter((x) => x.status === "fail");
  const status = failed.length ? "CRITICAL" : "OK";
  const what = failed.length ? failed.map((x) => `${x.id}: ${x.reason}`).join("; ") : `${n.pass} checks passed`;
  const perf = [`time=${(r.timings.totalMs / 1000).toFixed(3)}s`];
  if (r.timings.loginMs !== undefined) perf.push(`login=${(r.timings.loginMs / 1000).toFixed(3)}s`);
  if (r.timings.transferMs !== undefined) perf.push(`transfer=${(r.timings.transferMs / 1000).toFixed(3)}s`);
  perf.push(`failed=${n.fail};;1;0`);
  return `FTP ${status} - ${what.replace(/\|/g, "/")} | ${perf.join(" ")}\n`;
}
