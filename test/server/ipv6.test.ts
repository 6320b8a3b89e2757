/**
 * The server over IPv6, as vsftpd 3.0.3 answers there (checked against the
 * Debian binary listening on ::1): EPSV works with protocol 1 or 2; PASV
 * answers 0,0,0,0 (an IPv6 address has no four octets, and vsftpd keeps
 * pasv_address as an IPv4 address that it does not give on IPv6); EPRT
 * |2|::1|port| is taken, while another IPv6 address, an IPv4 address or a
 * PORT is "500 Illegal ... command.". `ftpctl serve` listens on ::1 for
 * --address ::1 and, when no --address is given, for listen_ipv6=YES.
 */
import { once } from "node:events";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { pasvOctets } from "../../src/server/handlers/passive.js";
import { startServe } from "../../src/commands/serve/run.js";
import { describeWithTools } from "../helpers/require-tool.js";
import { ANON_READ_ONLY, serve, type Harness } from "./harness.js";
import { RawClient } from "./raw-client.js";

const CURL = "/usr/bin/curl";

describe("the address PASV names", () => {
  it.each([
    ["127.0.0.1", undefined, "127,0,0,1"],
    ["127.0.0.1", "10.0.0.1", "10,0,0,1"],
    ["::1", undefined, "0,0,0,0"],
    ["::1", "10.0.0.1", "0,0,0,0"],
    ["::ffff:127.0.0.1", undefined, "127,0,0,1"],
    ["::ffff:127.0.0.1", "10.0.0.1", "0,0,0,0"],
  ])("control connection on %s, pasv_address %s: %s", (local, pasvAddress, want) => expect(pasvOctets(local, pasvAddress)).toBe(want));
});

async function onIpv6(conf: string, body: (h: Harness, c: RawClient) => Promise<void>): Promise<void> {
  const h = await serve(conf, { prepare: (r) => writeFileSync(join(r, "hello.txt"), "hello\n", { mode: 0o644 }), overrides: { address: "::1" } });
  const c = await RawClient.open(h.server.port, "::1");
  try {
    await c.login("ftp", "x@");
    await body(h, c);
  } finally {
    c.close();
    await h.stop();
  }
}

describeWithTools("the server on ::1", ["ipv6", CURL], () => {
  it("says its URL in brackets, and curl -g lists and downloads over EPSV, over PASV and in active mode (EPRT)", async () => {
    const h = await serve(ANON_READ_ONLY, { prepare: (r) => writeFileSync(join(r, "hello.txt"), "hello\n", { mode: 0o644 }), overrides: { address: "::1" } });
    try {
      expect(h.server.url).toBe(`ftp://[::1]:${h.server.port}/`);
      const curl = (...args: string[]) => execa(CURL, ["-gsS", "--max-time", "10", ...args], { reject: false });
      const list = await curl(h.server.url);
      expect(list.stdout).toMatch(/ hello\.txt$/);
      for (const mode of [[], ["--disable-epsv"], ["-P", "-"]]) {
        const got = await curl(...mode, `${h.server.url}hello.txt`);
        expect({ mode, out: got.stdout, err: got.stderr }).toEqual({ mode, out: "hello", err: "" });
      }
      const transfers = h.events.filter((e) => e.type === "transfer");
      expect(transfers.every((e) => e.type === "transfer" && e.ok && e.address === "::1")).toBe(true);
    } finally {
      await h.stop();
    }
  });

  it("answers PASV, EPSV, EPRT and PORT as vsftpd does on IPv6", () =>
    onIpv6(ANON_READ_ONLY + "pasv_address=10.0.0.1\n", async (_h, c) => {
      expect((await c.cmd("PASV"))?.text).toMatch(/^227 Entering Passive Mode \(0,0,0,0,\d+,\d+\)\.$/);
      expect((await c.cmd("EPSV 1"))?.text).toMatch(/^229 Entering Extended Passive Mode \(\|\|\|\d+\|\)$/);
      expect((await c.cmd("EPSV 2"))?.text).toMatch(/^229 /);
      expect((await c.cmd("EPSV 3"))?.text).toBe("522 Bad network protocol.");
      expect((await c.cmd("EPRT |2|::2|5000|"))?.text).toBe("500 Illegal EPRT command.");
      expect((await c.cmd("EPRT |2|2001:db8::7|5000|"))?.text).toBe("500 Illegal EPRT command.");
      expect((await c.cmd("EPRT |1|127.0.0.1|5000|"))?.text).toBe("500 Illegal EPRT command.");
      expect((await c.cmd("EPRT |2|::1|80|"))?.text).toBe("500 Illegal EPRT command.");
      expect((await c.cmd("PORT 127,0,0,1,20,0"))?.text).toBe("500 Illegal PORT command.");
      expect((await c.cmd("EPRT |2|not-an-address|5000|"))?.text).toBe("500 Bad EPRT command.");
      expect((await c.cmd("RETR hello.txt"))?.text).toBe("425 Use PORT or PASV first.");
    }));

  it("EPRT |2|::1|port| is dialled; an EPSV data connection on ::1 is taken", () =>
    onIpv6(ANON_READ_ONLY, async (_h, c) => {
      const client = createServer();
      client.listen(0, "::1");
      await once(client, "listening");
      const port = (client.address() as { port: number }).port;
      const got = new Promise<string>((resolve) =>
        client.once("connection", (s) => {
          let body = "";
          s.on("data", (d) => (body += d.toString()));
          s.on("end", () => resolve(body));
        }),
      );
      expect((await c.cmd(`EPRT |2|::1|${port}|`))?.text).toBe("200 EPRT command successful. Consider using EPSV.");
      expect((await c.cmd("RETR hello.txt"))?.code).toBe(150);
      expect(await got).toBe("hello\n");
      expect((await c.read())?.text).toBe("226 Transfer complete.");
      client.close();
      const d = connect({ port: await c.epsv(), host: "::1" });
      const body: Buffer[] = [];
      d.on("data", (b: Buffer) => body.push(b));
      const closed = once(d, "close");
      await once(d, "connect");
      expect((await c.cmd("RETR hello.txt"))?.code).toBe(150);
      await closed;
      expect((await c.read())?.text).toBe("226 Transfer complete.");
      expect(Buffer.concat(body).toString()).toBe("hello\n");
    }));

  it("ftpctl serve listens on ::1 for --address ::1, and for listen_ipv6=YES when no address is given", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ftpctl-serve-ipv6-"));
    try {
      mkdirSync(join(dir, "root"), { mode: 0o555 });
      const io = { stdout: () => {}, stderr: () => {} };
      const args = { set: [], distro: "debian", port: 0, root: join(dir, "root"), user: [] };
      const cases: [string, string | undefined, string][] = [
        ["listen=YES\n", undefined, "127.0.0.1"],
        ["listen=NO\nlisten_ipv6=YES\n", undefined, "[::1]"],
        ["listen=YES\n", "::1", "[::1]"],
        ["listen=NO\nlisten_ipv6=YES\n", "127.0.0.1", "127.0.0.1"],
      ];
      for (const [listen, address, host] of cases) {
        writeFileSync(join(dir, "vsftpd.conf"), ANON_READ_ONLY + listen);
        const server = await startServe({ ...args, file: join(dir, "vsftpd.conf"), address }, io);
        try {
          expect(server.url).toBe(`ftp://${host}:${server.port}/`);
          const c = await RawClient.open(server.port, host.replace(/[[\]]/g, ""));
          expect((await c.read())?.code).toBe(220);
          c.close();
        } finally {
          await server.close();
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
