/** FEAT lists AUTH TLS exactly when ssl_enable is on. */
import { fail, pass, skip, type Check } from "./check.js";

export const tlsOffered: Check = {
  id: "tls-offered",
  title: "AUTH TLS offered",
  async run(ctx, state) {
    if (!state.feat) return skip("FEAT did not answer");
    const offered = state.feat.includes("AUTH TLS");
    if (ctx.expect.tls.enabled) return offered ? pass("FEAT lists AUTH TLS") : fail("FEAT does not list AUTH TLS, but ssl_enable is YES");
    return offered ? fail("FEAT lists AUTH TLS, but ssl_enable is NO") : pass("no AUTH TLS, as declared (ssl_enable=NO)");
  },
};
