/**
 * Active mode: with port_enable, the server connects back to a listener of
 * the probe's (a routine of our own: basic-ftp has no active mode); without
 * it, PORT is refused.
 */
import { createServer, type Socket } from "node:net";
import { dataSession, firstLine } from "../context.js";
import { fail, pass, skip, type Check } from "./check.js";

export const active: Check = {
  id: "active",
  title: "active mode (PORT)",
  async run(ctx) {
    const s = await dataSession(ctx);
    if (!s) return skip("no session: anonymous logins are off and no account was given");
    const { client } = s;
    const local = client.ftp.socket.localAddress?.replace(/^::ffff:/, "") ?? "";
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(local)) {
      client.close();
      return skip("PORT takes an IPv4 address; the control connection is IPv6");
    }
    const listener = createServer();
    let accepted: Socket | undefined;
    const came = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), Math.min(ctx.timeoutMs, 3000));
      listener.on("connection", (sock) => {
        accepted = sock;
        sock.resume();
        clearTimeout(timer);
        resolve(true);
      });
    });
    await new Promise<void>((resolve) => listener.listen(0, local, resolve));
    try {
      const port = (listener.address() as { port: number }).port;
      const r = await client.sendIgnoringError(`PORT ${local.replaceAll(".", ",")},${port >> 8},${port & 255}`);
      const line = firstLine(r) ?? "";
      if (!ctx.expect.active) return r.code >= 500 ? pass(`PORT is refused (${r.code}), as declared`, line) : fail(`PORT is accepted (${r.code}), but port_enable is NO`, line);
      if (r.code !== 200) return fail(`PORT answered ${r.code}, not 200`, line);
      const list = await client.sendIgnoringError("NLST");
      if (list.code !== 150 && list.code !== 125) return fail(`NLST after PORT answered ${list.code}`, firstLine(list));
      return (await came) ? pass("the server connected back to the probe's listener", line) : fail("the server did not connect back (a firewall on either side, or NAT in front of the probe)", line);
    } finally {
      accepted?.destroy();
      listener.close();
      client.close();
    }
  },
};
