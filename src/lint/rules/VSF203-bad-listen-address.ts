import { defineRule } from "../rule.js";
import { reportAton } from "../checks/inet.js";

function hint(value: string): string {
  if (/^['"]/.test(value)) return " (vsftpd keeps the quotes)";
  if (value.includes(":")) return " (an IPv6 address belongs in listen_address6, with listen_ipv6=YES)";
  if (/^[^\d]/.test(value) && /[a-zA-Z]/.test(value)) return " (host names are not resolved)";
  return "";
}

/** standalone.c parses listen_address with inet_aton only when listen=YES binds an IPv4 socket. */
export default defineRule({
  code: "VSF203",
  name: "bad-listen-address",
  severity: "error",
  category: "startup",
  description: "A listen_address that inet_aton cannot read stops vsftpd from starting.",
  messages: {
    bad: "listen_address '{value}' is not an IPv4 address inet_aton can read{hint}: vsftpd refuses to start (bad listen_address: {value})",
    readAs: "listen_address '{value}' binds {address}: {why}",
  },
  check(ctx) {
    const value = ctx.get("listen_address");
    const src = ctx.source("listen_address");
    if (ctx.get("listen") !== true || typeof value !== "string" || !src) return;
    reportAton(ctx, src.setting, value, hint(value));
  },
});
