import { defineRule } from "../rule.js";
import { formatIpv6, parseIpv6 } from "../checks/ipv6.js";
import { show } from "../checks/show.js";

function hint(value: string, zones: boolean): string {
  if (/^\[.*\]$/.test(value)) return " (write it without brackets)";
  if (value.includes("%") && !zones) return " (this build does not accept a %zone suffix)";
  if (/[ \t]/.test(value)) return " (no blanks allowed)";
  if (!value.includes(":") && /[g-zG-Z]/.test(value)) return " (host names are not resolved)";
  return "";
}

/**
 * standalone.c parses listen_address6 with vsftpd's own parser (not
 * inet_pton; see checks/ipv6.ts), only when listen_ipv6=YES.
 */
export default defineRule({
  code: "VSF204",
  name: "bad-listen-address6",
  severity: "error",
  category: "startup",
  description: "A listen_address6 that vsftpd's IPv6 parser refuses stops vsftpd from starting.",
  messages: {
    bad: "listen_address6 '{value}' is not an IPv6 address vsftpd can parse{hint}: vsftpd refuses to start (bad listen_address6: {value})",
    short:
      "listen_address6 '{value}' has fewer than eight groups and no '::': vsftpd takes the missing {missing} bytes from memory (zeros in practice) and binds {address}, or fails (could not bind listening IPv6 socket); write the full address",
  },
  check(ctx) {
    const value = ctx.get("listen_address6");
    const src = ctx.source("listen_address6");
    if (ctx.get("listen_ipv6") !== true || typeof value !== "string" || !src) return;
    const zones = ctx.options.distro === "debian";
    const parsed = parseIpv6(value, { zones });
    if (!parsed) {
      ctx.report({ messageId: "bad", at: src.setting, data: { value: show(value), hint: hint(value, zones) } });
    } else if (parsed.short > 0) {
      const data = { value: show(value), missing: parsed.short, address: formatIpv6(parsed.bytes) };
      ctx.report({ messageId: "short", at: src.setting, severity: "warning", data });
    }
  },
});
