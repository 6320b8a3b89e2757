/**
 * startServer's contract: it installs no signal handlers, never exits the
 * process, and close() ends every socket, listener and timer it made, even
 * with sessions mid-login, a passive listener waiting and a download stalled.
 */
import { writeFileSync } from "node:fs";
import { connect } from "node:net";
import { once } from "node:events";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ANON_READ_ONLY, serve } from "./harness.js";
import { RawClient } from "./raw-client.js";

const NET = new Set(["TCPServerWrap", "TCPSocketWrap", "Timeout"]);
const netResources = () => process.getActiveResourcesInfo().filter((r) => NET.has(r));
const count = (list: string[], what: string) => list.filter((r) => r === what).length;

describe("startServer lifecycle", () => {
  it("close() leaves no listener, socket or timer behind", async () => {
    const before = netResources();
    const signals = ["SIGINT", "SIGTERM", "SIGHUP"].map((s) => process.listenerCount(s));
    const h = await serve(ANON_READ_ONLY + "delay_failed_login=30\n", {
      prepare: (root) => writeFileSync(join(root, "big.bin"), Buffer.alloc(32 * 1024 * 1024), { mode: 0o644 }),
    });
    expect(["SIGINT", "SIGTERM", "SIGHUP"].map((s) => process.listenerCount(s))).toEqual(signals);

    // A session waiting out a failed-login delay (a timer).
    const waiting = await RawClient.open(h.server.port);
    await waiting.read();
    await waiting.cmd("USER someone");
    waiting.socket.write("PASS wrong\r\n");
    // A session with a passive listener nobody connects to.
    const idle = await RawClient.open(h.server.port);
    await idle.login("ftp", "x");
    await idle.epsv();
    // A session in the middle of a download its client does not read.
    const stalled = await RawClient.open(h.server.port);
    await stalled.login("ftp", "x");
    const port = await stalled.epsv();
    const data = connect({ port, host: "127.0.0.1" });
    data.on("error", () => {});
    data.pause();
    await once(data, "connect");
    expect((await stalled.cmd("RETR big.bin"))?.code).toBe(150);
    expect(h.server.sessions()).toBe(3);

    const during = netResources();
    expect(count(during, "TCPServerWrap")).toBeGreaterThan(count(before, "TCPServerWrap"));
    await h.stop();
    for (const c of [waiting, idle, stalled]) c.close();
    data.destroy();
    await new Promise((r) => setTimeout(r, 50));
    const after = netResources();
    expect(count(after, "TCPServerWrap")).toBe(count(before, "TCPServerWrap"));
    expect(count(after, "TCPSocketWrap")).toBe(count(before, "TCPSocketWrap"));
    expect(count(after, "Timeout")).toBeLessThanOrEqual(count(before, "Timeout"));
    expect(h.server.sessions()).toBe(0);
  });

  it("close() without sessions resolves, twice", async () => {
    const h = await serve(ANON_READ_ONLY);
    await h.server.close();
    await h.stop();
  });

  it("a second session is served after one ended abruptly", async () => {
    const h = await serve(ANON_READ_ONLY);
    try {
      const a = await RawClient.open(h.server.port);
      await a.login("ftp", "x");
      a.close();
      const b = await RawClient.open(h.server.port);
      await b.login("ftp", "x");
      expect((await b.cmd("PWD"))?.text).toBe('257 "/" is the current directory');
      b.close();
    } finally {
      await h.stop();
    }
  });
});
