import { defineRule } from "../rule.js";
import { opensslAcceptsCipherList, tls13Names } from "../checks/ciphers.js";
import { show } from "../checks/show.js";

/**
 * ssl.c sets the list at startup, after loading the certificate, only with
 * ssl_enable=YES. RHEL's OpenSSL expands a leading PROFILE=SYSTEM from the
 * system crypto policy, which Node's OpenSSL cannot judge.
 */
export default defineRule({
  code: "VSF205",
  name: "bad-ssl-ciphers",
  severity: "error",
  category: "startup",
  description: "An ssl_ciphers list in which OpenSSL finds no TLS 1.2 cipher stops vsftpd from starting.",
  messages: {
    bad: "ssl_ciphers '{value}' selects no cipher OpenSSL knows: vsftpd refuses to start (SSL: could not set cipher list)",
    tls13:
      "ssl_ciphers '{value}' selects no TLS 1.2 cipher: TLS_ names ({names}) do not count in this list, and vsftpd 3.0.3 cannot choose TLS 1.3 suites; use OpenSSL names such as ECDHE-RSA-AES256-GCM-SHA384. vsftpd refuses to start (SSL: could not set cipher list)",
  },
  check(ctx) {
    const value = ctx.get("ssl_ciphers");
    const src = ctx.source("ssl_ciphers");
    if (ctx.get("ssl_enable") !== true || typeof value !== "string" || !src) return;
    if (ctx.options.distro === "rhel" && value.startsWith("PROFILE=SYSTEM")) return;
    if (opensslAcceptsCipherList(value)) return;
    const names = tls13Names(value);
    ctx.report(
      names.length
        ? { messageId: "tls13", at: src.setting, data: { value: show(value), names: names.join(", ") } }
        : { messageId: "bad", at: src.setting, data: { value: show(value) } },
    );
  },
});
