import { defineRule } from "../rule.js";
import { describeBool, pointAtLast } from "../checks/point-at.js";

/** main.c do_sanity_checks; both options are undocumented. */
export default defineRule({
  code: "VSF213",
  name: "ftp-and-http-disabled",
  severity: "error",
  category: "session",
  description: "ftp_enable=NO with http_enable=NO leaves vsftpd nothing to speak, so it refuses every session.",
  messages: {
    neither: "ftp_enable=NO with {http}: every session is refused (vsftpd: both FTP and HTTP disabled!); remove ftp_enable=NO",
  },
  check(ctx) {
    if (ctx.get("ftp_enable") !== false || ctx.get("http_enable") !== false) return;
    const data = { http: describeBool(ctx, "http_enable") };
    ctx.report({ messageId: "neither", data, ...pointAtLast(ctx, "ftp_enable", "http_enable") });
  },
});
