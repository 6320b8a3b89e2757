import { defineRule } from "../rule.js";
import { reportAton } from "../checks/inet.js";

function hint(value: string): string {
  if (/^['"]/.test(value)) return "; remove the quotes";
  if (value.includes(":")) return "; PASV replies carry IPv4 only (EPSV clients need no address)";
  if (/^[^\d]/.test(value) && /[a-zA-Z]/.test(value)) return "; for a host name set pasv_addr_resolve=YES";
  return "";
}

/**
 * postlogin.c handle_pasv runs inet_aton on pasv_address for every PASV,
 * long after startup, and EPSV skips it, so the daemon looks healthy. With
 * pasv_addr_resolve=YES main.c resolves the name at startup instead (a DNS
 * question for host checks).
 */
export default defineRule({
  code: "VSF301",
  name: "bad-pasv-address",
  severity: "error",
  category: "session",
  description: "A pasv_address that inet_aton cannot read kills the session at the first PASV command.",
  messages: {
    bad: "pasv_address '{value}' is not an IPv4 address inet_aton can read: each session dies when the client sends PASV (500 OOPS: invalid pasv_address), EPSV still works{hint}",
    readAs: "pasv_address '{value}' is advertised as {address} in PASV replies: {why}",
  },
  check(ctx) {
    const value = ctx.get("pasv_address");
    const src = ctx.source("pasv_address");
    if (typeof value !== "string" || !src) return;
    if (ctx.get("pasv_enable") !== true || ctx.get("pasv_addr_resolve") !== false) return;
    reportAton(ctx, src.setting, value, hint(value));
  },
});
