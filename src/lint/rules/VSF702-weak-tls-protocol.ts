import { defineRule } from "../rule.js";
import type { OptionName } from "../../vsftpd/options.js";

/** option → the protocol it permits and its standing. Options a build lacks read as unset and are skipped. */
const WEAK: readonly (readonly [OptionName, string, string])[] = [
  ["ssl_sslv2", "SSLv2", "broken (RFC 6176 prohibits it)"],
  ["ssl_sslv3", "SSLv3", "broken (POODLE; RFC 7568 prohibits it)"],
  ["ssl_tlsv1", "TLS 1.0", "deprecated (RFC 8996)"],
  ["ssl_tlsv1_1", "TLS 1.1", "deprecated (RFC 8996)"],
];

/**
 * ssl.c only ever adds SSL_OP_NO_* for these, so a missing "=NO" line leaves
 * the protocol to the build's default, which is YES for TLS 1.0 upstream and
 * on Debian.
 */
export default defineRule({
  code: "VSF702",
  name: "weak-tls-protocol",
  severity: "warning",
  category: "security",
  description: "TLS is on and an obsolete protocol version (SSLv2, SSLv3, TLS 1.0, TLS 1.1) is permitted.",
  messages: {
    set: "{name}=YES permits {protocol}, which is {why}; set {name}=NO",
    byDefault: "{protocol} is permitted because {name} defaults to YES on this build ({distro}); {protocol} is {why}; add {name}=NO",
  },
  check(ctx) {
    if (ctx.get("ssl_enable") !== true) return;
    for (const [name, protocol, why] of WEAK) {
      if (ctx.get(name) !== true) continue;
      const src = ctx.source(name);
      if (src) ctx.report({ messageId: "set", at: src.setting, data: { name, protocol, why } });
      else ctx.report({ messageId: "byDefault", data: { name, protocol, why, distro: ctx.options.distro } });
    }
  },
});
