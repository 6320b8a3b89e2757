import { defineRule } from "../rule.js";
import { uintText } from "../checks/uint-text.js";

/** standalone.c casts listen_port to unsigned short; port 0 asks the kernel for any free port. */
export default defineRule({
  code: "VSF303",
  name: "listen-port",
  severity: "warning",
  category: "trap",
  description: "A listen_port above 65535 wraps to another port, and 0 makes vsftpd listen on a random one.",
  messages: {
    wraps: "listen_port={value} does not fit in 16 bits: vsftpd listens on port {port} instead",
    random: "listen_port={value}{why} makes vsftpd listen on a random port chosen by the kernel at each start",
  },
  check(ctx) {
    const src = ctx.source("listen_port");
    if (!src) return;
    if (!ctx.options.standalone && ctx.get("listen") !== true && ctx.get("listen_ipv6") !== true) return;
    const n = Number(ctx.get("listen_port"));
    const port = n % 65536;
    if (port === 0) {
      const why = n === 0 ? "" : " (0 once cut to 16 bits)";
      ctx.report({ messageId: "random", at: src.setting, data: { value: uintText(src), why } });
    } else if (n > 65535) {
      ctx.report({ messageId: "wraps", at: src.setting, data: { value: uintText(src), port } });
    }
  },
});
