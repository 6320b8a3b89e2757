/** TLS below 1.2 refused unless declared (ssl_sslv3, ssl_tlsv1). */
import { tlsHandshake } from "../tls-handshake.js";
import { fail, info, pass, skip, type Check } from "./check.js";

export const tlsOldProtocols: Check = {
  id: "tls-old-protocols",
  title: "TLS below 1.2 refused",
  async run(ctx) {
    if (!ctx.expect.tls.enabled) return skip("ssl_enable is NO");
    // OpenSSL's default security level would refuse TLS 1.0 on this side; the point is what the server does.
    const h = await tlsHandshake(ctx, { minVersion: "TLSv1", maxVersion: "TLSv1.1", ciphers: "DEFAULT:@SECLEVEL=0" });
    if (!h.auth.startsWith("234")) return skip(`AUTH TLS is refused (${h.auth})`);
    if (ctx.expect.tls.oldProtocols) return info(h.ok ? `${h.protocol} accepted, as declared (ssl_tlsv1=YES)` : "declared (ssl_tlsv1=YES), yet refused");
    return h.ok ? fail(`${h.protocol} is accepted: TLS below 1.2 should be off (ssl_tlsv1=NO)`) : pass("a TLS 1.0/1.1 handshake is refused");
  },
};
