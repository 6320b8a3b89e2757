/** Something listens on the configured port, and it is vsftpd: a port conflict is named with its process. */
import { listenersOn } from "../../host/listeners.js";
import type { DoctorCheck } from "./check.js";

export const listener: DoctorCheck = {
  id: "listener",
  async run(ctx) {
    const raw = ctx.get("listen_port");
    const port = typeof raw === "number" ? raw : 21;
    const found = ctx.listeners ? await ctx.listeners(port) : listenersOn(port, ctx.procRoot);
    if (!found.length) return [{ check: "listener", severity: "error", message: `nothing listens on port ${port}`, fix: "start vsftpd (systemctl start vsftpd); if it exits at once, ftpctl lint --host says why" }];
    const others = found.filter((l) => l.command !== undefined && l.command !== "vsftpd");
    return others.map((l) => ({
      check: "listener" as const,
      severity: "error" as const,
      message: `port ${port} is taken by ${l.command} (pid ${l.pid}), not vsftpd: vsftpd cannot bind it and exits (500 OOPS: could not bind listening IPv4 socket)`,
      fix: `stop ${l.command} or move it to another port, or give vsftpd another listen_port`,
    }));
  },
};
