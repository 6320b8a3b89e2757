/** In a container, vsftpd's seccomp sandbox can kill sessions ("500 OOPS: child died"). */
import { existsSync } from "node:fs";
import type { DoctorCheck } from "./check.js";

export const container: DoctorCheck = {
  id: "container",
  async run(ctx) {
    const inContainer = ctx.inContainer ? await ctx.inContainer() : existsSync(`${ctx.procRoot}/../run/systemd/container`) || existsSync("/run/systemd/container") || existsSync("/.dockerenv");
    if (!inContainer || ctx.get("seccomp_sandbox") !== true) return [];
    return [
      {
        check: "container",
        severity: "warning",
        message: "this host is a container and seccomp_sandbox is YES: container runtimes' own seccomp filters can make vsftpd's sessions die (500 OOPS: child died)",
        fix: "set seccomp_sandbox=NO (ftpctl's profiles do)",
      },
    ];
  },
};
