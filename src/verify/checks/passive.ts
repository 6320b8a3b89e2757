/**
 * Passive mode as clients meet it: the address in the 227 reply is the one
 * the probe reached (or the declared pasv_address), the port is inside the
 * declared range in every sample, and a data connection to it opens, which
 * is what a firewall closing the range breaks.
 */
import type { Client } from "basic-ftp";
import { opens } from "../../core/tcp-probe.js";
import { dataSession, firstLine, replyOf, type VerifyContext } from "../context.js";
import { fail, pass, skip, type Check, type Outcome } from "./check.js";

const SAMPLES = 3;

function inRange(ctx: VerifyContext, port: number): boolean {
  return port >= ctx.expect.passive.min && port <= ctx.expect.passive.max;
}

/** Runs `probe` on a logged-in session (anonymous if allowed, else the account) when passive mode is on. */
async function withDataSession(ctx: VerifyContext, probe: (client: Client) => Promise<Outcome>): Promise<Outcome> {
  if (!ctx.expect.passive.enabled) return skip("pasv_enable is NO");
  let s;
  try {
    s = await dataSession(ctx);
  } catch (err) {
    const r = replyOf(err);
    if (r) return skip(`no session to probe with: the login is refused (${firstLine(r)})`);
    throw err;
  }
  if (!s) return skip("no session: anonymous logins are off and no account was given");
  try {
    return await probe(s.client);
  } finally {
    s.client.close();
  }
}

export const passive: Check = {
  id: "passive",
  title: "passive mode (PASV)",
  run: (ctx) =>
    withDataSession(ctx, async (client) => {
      const reached = client.ftp.socket.remoteAddress?.replace(/^::ffff:/, "") ?? ctx.host;
      const want = ctx.expect.passive.address ?? reached;
      let last = "";
      for (let i = 0; i < SAMPLES; i++) {
        const r = await client.sendIgnoringError("PASV");
        last = firstLine(r) ?? "";
        const m = /\((\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\)/.exec(r.message);
        if (r.code !== 227 || !m) return fail(`PASV answered ${r.code}, not 227`, last);
        const address = m.slice(1, 5).join(".");
        const port = Number(m[5]) * 256 + Number(m[6]);
        if (address !== want) {
          const why = ctx.expect.passive.address !== undefined ? `the declared pasv_address ${want}` : `the address the probe reached (${reached}); behind NAT set pasv_address to the public address`;
          return fail(`PASV names ${address}, not ${why}`, last);
        }
        if (!inRange(ctx, port)) return fail(`PASV port ${port} is outside the declared range ${ctx.expect.passive.min}-${ctx.expect.passive.max}`, last);
        if (i === SAMPLES - 1 && !(await opens(address, port, Math.min(ctx.timeoutMs, 3000)))) {
          return fail(`a data connection to ${address}:${port} does not open: is the passive range ${ctx.expect.passive.min}-${ctx.expect.passive.max} open in the firewall?`, last);
        }
      }
      return pass(`${SAMPLES} samples name ${want} with ports inside ${ctx.expect.passive.min}-${ctx.expect.passive.max}; a data connection opens`, last);
    }),
};

export const epsv: Check = {
  id: "epsv",
  title: "extended passive mode (EPSV)",
  run: (ctx) =>
    withDataSession(ctx, async (client) => {
      const r = await client.sendIgnoringError("EPSV");
      const line = firstLine(r) ?? "";
      const m = /\(\|\|\|(\d+)\|\)/.exec(r.message);
      if (r.code !== 229 || !m) return fail(`EPSV answered ${r.code}, not 229`, line);
      const port = Number(m[1]);
      if (!inRange(ctx, port)) return fail(`EPSV port ${port} is outside the declared range ${ctx.expect.passive.min}-${ctx.expect.passive.max}`, line);
      if (!(await opens(ctx.host, port, Math.min(ctx.timeoutMs, 3000)))) return fail(`a data connection to port ${port} does not open: is the passive range open in the firewall?`, line);
      return pass(`port ${port} inside ${ctx.expect.passive.min}-${ctx.expect.passive.max}; a data connection opens`, line);
    }),
};
