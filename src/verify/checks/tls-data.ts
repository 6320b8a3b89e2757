/** A listing over a protected data channel (PROT P) after AUTH TLS. */
import { firstLine, replyOf, session } from "../context.js";
import { fail, info, pass, skip, type Check } from "./check.js";

export const tlsData: Check = {
  id: "tls-data",
  title: "PROT P transfer",
  async run(ctx) {
    if (!ctx.expect.tls.enabled) return skip("ssl_enable is NO");
    const login = ctx.user && ctx.expect.local ? "local" : ctx.expect.anonymous && ctx.expect.tls.allowAnon ? "anonymous" : undefined;
    if (!login) return skip("no session that may use TLS: give an account, or allow_anon_ssl");
    let client;
    try {
      ({ client } = await session(ctx, login, true));
    } catch (err) {
      const r = replyOf(err);
      if (r) return fail(`a TLS session does not log in (${r.code})`, firstLine(r));
      return fail(`the TLS handshake fails: ${(err as Error).message}`);
    }
    try {
      const entries = await client.list();
      // basic-ftp resumes the control session's TLS session on data connections; not every client does.
      if (ctx.expect.tls.reuse) return info(`LIST over PROT P works (${entries.length} entries); require_ssl_reuse=YES: clients that do not resume the TLS session on data connections (Python's ftplib, some GUI clients) get 522 on every transfer`);
      return pass(`LIST over PROT P: ${entries.length} entries`);
    } catch (err) {
      const r = replyOf(err);
      const why = ctx.expect.tls.reuse ? " (require_ssl_reuse=YES: clients that do not resume the TLS session on the data connection fail)" : "";
      return fail(`LIST over PROT P failed${r ? ` (${r.code})` : `: ${(err as Error).message}`}${why}`, firstLine(r));
    } finally {
      client.close();
    }
  },
};
