import { defineRule } from "../rule.js";
import { describeBool, pointAtLast } from "../checks/point-at.js";

/**
 * standalone.c refuses both families in one process. Upstream and RHEL
 * compile listen=YES, so there listen_ipv6=YES alone is enough to trip it.
 */
export default defineRule({
  code: "VSF201",
  name: "listen-both",
  severity: "error",
  category: "startup",
  description: "listen=YES and listen_ipv6=YES together stop vsftpd from starting.",
  messages: {
    both:
      "{listen} and listen_ipv6=YES: vsftpd refuses to start (run two copies of vsftpd for IPv4 and IPv6); {fix}",
  },
  check(ctx) {
    if (ctx.get("listen") !== true || ctx.get("listen_ipv6") !== true) return;
    const fix = ctx.isSet("listen")
      ? "keep one of them, or run two instances with separate config files"
      : "add listen=NO";
    const data = { listen: describeBool(ctx, "listen"), fix };
    ctx.report({ messageId: "both", data, ...pointAtLast(ctx, "listen", "listen_ipv6") });
  },
});
