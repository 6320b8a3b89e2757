/** The vsftpd service: running and enabled at boot. */
import type { DoctorFinding } from "../types.js";
import type { DoctorCheck } from "./check.js";

const UNIT = "vsftpd";

export const service: DoctorCheck = {
  id: "service",
  async run(ctx) {
    if ((await ctx.exec.which("systemctl")) === undefined) {
      return [{ check: "service", severity: "info", message: "no systemctl: whether vsftpd runs is not checked", fix: "check the init system's status of vsftpd" }];
    }
    const out: DoctorFinding[] = [];
    const active = (await ctx.exec.probe(["systemctl", "is-active", UNIT])).stdout.trim();
    if (active !== "active") {
      out.push({ check: "service", severity: "error", message: `vsftpd is not running (systemctl is-active: ${active || "unknown"})`, fix: "systemctl start vsftpd; if it does not stay up, journalctl -u vsftpd and ftpctl lint --host say why" });
    }
    const enabled = (await ctx.exec.probe(["systemctl", "is-enabled", UNIT])).stdout.trim();
    if (enabled !== "enabled" && enabled !== "static") {
      out.push({ check: "service", severity: "warning", message: `vsftpd does not start at boot (systemctl is-enabled: ${enabled || "unknown"})`, fix: "systemctl enable vsftpd" });
    }
    return out;
  },
};
