/** doctor's report: a short text with the fix under each finding, or JSON. */
import type { DoctorReport } from "./run.js";

export function doctorExit(r: DoctorReport): number {
  return r.findings.some((f) => f.severity === "error") ? 1 : 0;
}

export function formatDoctorText(r: DoctorReport, configPath: string): string {
  const out = [`ftpctl doctor: vsftpd on this host, as ${configPath} configures it`];
  for (const f of r.findings) {
    out.push(`${f.severity.padEnd(7)} ${f.check}: ${f.message}`, `        fix: ${f.fix}`);
  }
  const errors = r.findings.filter((f) => f.severity === "error").length;
  const warnings = r.findings.filter((f) => f.severity === "warning").length;
  const verify = r.verify ? `; verify: ${r.verify.results.filter((x) => x.status === "pass").length} passed, ${r.verify.results.filter((x) => x.status === "fail").length} failed` : "; verify did not run";
  out.push(errors + warnings === 0 ? `no problems found${verify}` : `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}${verify}`);
  return out.join("\n") + "\n";
}

export function formatDoctorJson(r: DoctorReport, configPath: string): string {
  return JSON.stringify({ config: configPath, findings: r.findings, ...(r.verify ? { verify: r.verify.results } : {}) }, null, 2) + "\n";
}
