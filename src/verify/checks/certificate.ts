/** The certificate clients meet: trusted, naming the host (SAN), not about to expire, optionally pinned. */
import { checkServerIdentity } from "node:tls";
import { tlsHandshake } from "../tls-handshake.js";
import { fail, pass, skip, type Check } from "./check.js";

const DAY = 86_400_000;
const WARN_DAYS = 30;

export const certificate: Check = {
  id: "certificate",
  title: "certificate",
  async run(ctx) {
    if (!ctx.expect.tls.enabled) return skip("ssl_enable is NO");
    const h = await tlsHandshake(ctx);
    if (!h.ok || !h.cert) return fail(`no TLS session: ${h.error ?? "no certificate"}`, h.auth);
    const c = h.cert;
    const fingerprint = c.fingerprint256;
    if (ctx.tls.fingerprint !== undefined && fingerprint.toLowerCase() !== ctx.tls.fingerprint.toLowerCase()) return fail(`the SHA-256 fingerprint ${fingerprint} is not the pinned one`);
    const identity = checkServerIdentity(ctx.host, c);
    if (identity) return fail(`it does not name ${ctx.host}: ${identity.message}`);
    if (ctx.tls.verify && !h.authorized && ctx.tls.fingerprint === undefined) return fail(`it is not trusted: ${h.authError ?? "unknown"} (give the CA with --ca, or pin it with --fingerprint)`);
    const left = Math.floor((new Date(c.valid_to).getTime() - Date.now()) / DAY);
    if (left < 0) return fail(`it expired on ${c.valid_to}`);
    if (left < WARN_DAYS) return fail(`it expires in ${left} days (${c.valid_to})`);
    return pass(`names ${ctx.host}, ${ctx.tls.verify ? "trusted, " : ""}${left} days left, ${h.protocol}`);
  },
};
