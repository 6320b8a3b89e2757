/**
 * Every `lint --host` finding on the live config: what vsftpd would refuse
 * (a writable chroot root, a shell pam_shells rejects, a missing or expiring
 * certificate), each with the rule's page as the fix.
 */
import { lintBytes } from "../../lint/linter.js";
import type { DoctorCheck } from "./check.js";

export const lintHost: DoctorCheck = {
  id: "lint-host",
  async run(ctx) {
    const result = lintBytes({ file: ctx.configPath, bytes: ctx.configBytes, options: { distro: ctx.distro, standalone: true }, host: ctx.host });
    return result.findings
      .filter((f) => f.severity !== "info")
      .map((f) => ({
        check: "lint-host" as const,
        severity: f.severity === "error" ? ("error" as const) : ("warning" as const),
        code: f.code,
        message: `${f.file}:${f.line}: ${f.message}`,
        fix: `'ftpctl rules ${f.code}' prints the rule's page, with the fix`,
      }));
  },
};
