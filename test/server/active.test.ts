/**
 * Active mode (PORT/EPRT): vsftpd's parsing and its refusals (no data
 * connection to a third party, none to a privileged port), and curl's
 * `-P -` against the server.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { once } from "node:events";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { activeAllowed, parseEprt, parsePort } from "../../src/server/active.js";
import { describeWithTools } from "../helpers/require-tool.js";
import { ANON_READ_ONLY, LOCAL_WRITE, serve } from "./harness.js";
import { RawClient } from "./raw-client.js";

describe("PORT and EPRT arguments", () => {
  it.each([
    ["127,0,0,1,7,208", { host: "127.0.0.1", port: 2000 }],
    ["10,1,2,3,255,255", { host: "10.1.2.3", port: 65535 }],
    ["127,0,0,1,7", undefined],
    ["127,0,0,1,7,256", undefined],
    ["127,0,0,1,7,-1", undefined],
    ["a,b,c,d,e,f", undefined],
  ])("PORT %s", (arg, want) => expect(parsePort(arg)).toEqual(want));

  it.each([
    ["|1|127.0.0.1|2000|", false, { target: { host: "127.0.0.1", port: 2000 } }],
    ["|2|::1|2000|", true, { target: { host: "::1", port: 2000 } }],
    ["|2|::1|2000|", false, { error: "protocol" }],
    ["|3|127.0.0.1|2000|", false, { error: "protocol" }],
    ["|1|::1|2000|", false, { error: "syntax" }],
    ["|1|127.0.0.1|70000|", false, { error: "syntax" }],
    ["1|127.0.0.1|2000|", false, { error: "syntax" }],
  ])("EPRT %s (IPv6 control: %s)", (arg, v6, want) => expect(parseEprt(arg, v6)).toEqual(want));

  it.each([
    [{ host: "127.0.0.1", port: 2000 }, "127.0.0.1", false, true],
    [{ host: "127.0.0.1", port: 2000 }, "::ffff:127.0.0.1", false, true],
    [{ host: "127.0.0.2", port: 2000 }, "127.0.0.1", false, false],
    [{ host: "127.0.0.1", port: 1023 }, "127.0.0.1", false, false],
    [{ host: "127.0.0.2", port: 25 }, "127.0.0.1", true, true],
  ])("%j from %s (promiscuous %s) allowed: %s", (t, peer, prom, want) => expect(activeAllowed(t, peer, prom)).toBe(want));
});

describe("active mode on the wire", () => {
  // Bounces to a third party or a privileged port: the attack table (attacks.test.ts).
  it("an allowed PORT: the server dials the client's listener after the data command", async () => {
    const h = await serve(ANON_READ_ONLY, { prepare: (r) => writeFileSync(join(r, "x.txt"), "active\n", { mode: 0o644 }) });
    const c = await RawClient.open(h.server.port);
    try {
      await c.login("ftp", "x");
      // An allowed PORT: the server dials the client's listener after the command.
      const client = createServer();
      client.listen(0, "127.0.0.1");
      await once(client, "listening");
      const port = (client.address() as { port: number }).port;
      const got = new Promise<string>((resolve) =>
        client.once("connection", (s) => {
          let body = "";
          s.on("data", (d) => (body += d.toString()));
          s.on("end", () => resolve(body));
        }),
      );
      expect((await c.cmd(`PORT 127,0,0,1,${port >> 8},${port & 255}`))?.text).toBe("200 PORT command successful. Consider using PASV.");
      expect((await c.cmd("RETR x.txt"))?.code).toBe(150);
      expect(await got).toBe("active\n");
      expect((await c.read())?.text).toBe("226 Transfer complete.");
      client.close();
    } finally {
      c.close();
      await h.stop();
    }
  });
});

describeWithTools("curl in active mode (-P -)", ["/usr/bin/curl"], () => {
  it("downloads and uploads", async () => {
    const h = await serve(LOCAL_WRITE, { users: [{ name: "hal", password: "pw" }], prepare: (r) => writeFileSync(join(r, "a.bin"), Buffer.alloc(200_000, 7)) });
    try {
      const url = `ftp://hal:pw@127.0.0.1:${h.server.port}/`;
      const down = await execa("/usr/bin/curl", ["-sS", "--max-time", "20", "-P", "-", `${url}a.bin`], { reject: false, encoding: "buffer" });
      expect(Buffer.from(down.stderr).toString()).toBe("");
      expect(Buffer.from(down.stdout).length).toBe(200_000);
      const src = join(h.root, "..", "up.bin");
      writeFileSync(src, Buffer.alloc(100_000, 9));
      const up = await execa("/usr/bin/curl", ["-sS", "--max-time", "20", "-P", "-", "-T", src, `${url}up.bin`], { reject: false });
      expect(up.stderr).toBe("");
      expect(readFileSync(join(h.root, "up.bin")).length).toBe(100_000);
    } finally {
      await h.stop();
    }
  });
});
