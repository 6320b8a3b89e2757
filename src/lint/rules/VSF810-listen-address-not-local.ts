import { inetAton } from "../checks/inet.js";
import { formatIpv6, parseIpv6 } from "../checks/ipv6.js";
import { defineRule } from "../rule.js";

/** Node reports interface addresses in canonical form; compare in that form. */
function canonical6(text: string): string | undefined {
  const p = parseIpv6(text, { zones: true });
  return p ? formatIpv6(p.bytes) : undefined;
}

export default defineRule({
  code: "VSF810",
  name: "listen-address-not-local",
  severity: "error",
  category: "host",
  host: true,
  description: "A listen address that no interface of this machine has stops vsftpd from starting: bind() fails.",
  messages: {
    ipv4: "listen_address {value} is not an address of this machine ({have}): vsftpd refuses to start (could not bind listening IPv4 socket)",
    ipv6: "listen_address6 {value} is not an address of this machine ({have}): vsftpd refuses to start (could not bind listening IPv6 socket)",
  },
  check(ctx) {
    const have = ctx.host!.localAddresses();
    if (ctx.get("listen") === true && !ctx.get("listen_ipv6")) {
      const raw = ctx.get("listen_address");
      const aton = typeof raw === "string" ? inetAton(raw) : undefined;
      // Malformed values are VSF203's; the wildcard binds anywhere.
      if (aton && aton.value !== 0 && !have.includes(aton.dotted)) {
        const shown = have.filter((a) => !a.includes(":")).join(", ") || "none";
        ctx.report({ messageId: "ipv4", data: { value: String(raw), have: shown }, ...(ctx.source("listen_address") ? { at: ctx.source("listen_address")!.setting } : {}) });
      }
    }
    if (ctx.get("listen_ipv6") === true && !ctx.get("listen")) {
      const raw = ctx.get("listen_address6");
      const want = typeof raw === "string" ? canonical6(raw.split("%")[0]!) : undefined;
      const mine = new Set(have.filter((a) => a.includes(":")).map((a) => canonical6(a.split("%")[0]!)));
      if (want && want !== "::" && !mine.has(want)) {
        const shown = [...mine].join(", ") || "none";
        ctx.report({ messageId: "ipv6", data: { value: String(raw), have: shown }, ...(ctx.source("listen_address6") ? { at: ctx.source("listen_address6")!.setting } : {}) });
      }
    }
  },
});
