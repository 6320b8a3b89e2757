/**
 * AUTH TLS is offered exactly when ssl_enable is on: the command is taken
 * and a handshake completes. FEAT is not the test: vsftpd 3.0.3 lists AUTH
 * TLS only with ssl_tlsv1=YES, so a server that turned TLS 1.0 off (as the
 * ftps profile does) accepts AUTH TLS without advertising it.
 */
import { tlsHandshake } from "../tls-handshake.js";
import { fail, pass, type Check } from "./check.js";

export const tlsOffered: Check = {
  id: "tls-offered",
  title: "AUTH TLS offered",
  async run(ctx, state) {
    const h = await tlsHandshake(ctx);
    const listed = state.feat?.includes("AUTH TLS") === true;
    const feat = listed ? "; FEAT lists it" : "; FEAT does not list it (vsftpd lists it only with ssl_tlsv1=YES)";
    if (ctx.expect.tls.enabled) {
      if (!h.auth.startsWith("234")) return fail("AUTH TLS is refused, but ssl_enable is YES", h.auth);
      return h.ok ? pass(`AUTH TLS is taken and a ${h.protocol} handshake completes${feat}`, h.auth) : fail(`AUTH TLS is taken, but the handshake fails: ${h.error}`, h.auth);
    }
    return h.auth.startsWith("234") ? fail("AUTH TLS is taken, but ssl_enable is NO", h.auth) : pass("AUTH TLS is refused, as declared (ssl_enable=NO)", h.auth);
  },
};
