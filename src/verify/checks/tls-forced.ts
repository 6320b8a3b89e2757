/** With force_local_logins_ssl, a USER sent in clear is refused before any password is asked for. */
import { connect, firstLine } from "../context.js";
import { fail, pass, skip, type Check } from "./check.js";

export const tlsForced: Check = {
  id: "tls-forced",
  title: "cleartext login refused",
  async run(ctx) {
    const t = ctx.expect.tls;
    if (!ctx.expect.local) return skip("local logins are off");
    const { client } = await connect(ctx);
    try {
      const r = await client.sendIgnoringError(`USER ${ctx.user?.name ?? "ftpctl-verify"}`);
      const line = firstLine(r) ?? "";
      if (t.forceLocalLogins) return r.code === 530 ? pass("USER in clear is refused, as declared", line) : fail(`USER in clear answered ${r.code}: the password would cross the network in clear, but force_local_logins_ssl is YES`, line);
      return r.code === 331 ? pass(`USER in clear is accepted, as declared (${t.enabled ? "force_local_logins_ssl=NO" : "ssl_enable=NO"}): passwords cross the network in clear`, line) : fail(`USER in clear answered ${r.code}, but the configuration does not force TLS`, line);
    } finally {
      client.close();
    }
  },
};
