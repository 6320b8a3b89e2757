import { defineRule } from "../rule.js";
import { passiveRange } from "../checks/pasv-range.js";

/**
 * privops.c binds each passive socket to the control connection's local
 * address and a random port of the range, retrying 9 times on EADDRINUSE.
 * The listener holds listen_port on that address, so that port never binds:
 * a range of only that port answers every PASV and EPSV with
 * "500 OOPS: vsf_sysutil_bind" (seen with the 3.0.3 binary).
 */
export default defineRule({
  code: "VSF304",
  name: "pasv-range-listen-port",
  severity: "error",
  category: "session",
  description: "The passive port range contains the port vsftpd listens on, which it can never bind for data.",
  messages: {
    only: "the passive range is only port {port}, which vsftpd's listener holds (listen_port): every PASV and EPSV fails with 500 OOPS: vsf_sysutil_bind; move the range off the listen port",
    contains:
      "the passive range {min}-{max} contains listen_port {port}, which vsftpd's listener holds: that port never binds, and a PASV that draws it retries; keep the listen port out of the range",
  },
  check(ctx) {
    if (ctx.get("pasv_enable") !== true) return;
    if (!ctx.options.standalone && ctx.get("listen") !== true && ctx.get("listen_ipv6") !== true) return;
    const minSrc = ctx.source("pasv_min_port");
    const maxSrc = ctx.source("pasv_max_port");
    // The compiled range (5001-65535) holds most listen ports; only a range someone chose is a mistake.
    if (!minSrc && !maxSrc) return;
    const port = Number(ctx.get("listen_port")) % 65536;
    if (port === 0) return;
    const range = passiveRange(Number(ctx.get("pasv_min_port")), Number(ctx.get("pasv_max_port")));
    if (port < range.min || port > range.max) return;
    const at = (minSrc ?? maxSrc)!.setting;
    if (range.min === range.max) ctx.report({ messageId: "only", at, data: { port } });
    else ctx.report({ messageId: "contains", at, severity: "warning", data: { port, ...range } });
  },
});
