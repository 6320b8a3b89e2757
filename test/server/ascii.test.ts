/** ASCII mode as vsftpd's ascii.c converts, chunk boundaries included, and on the wire. */
import { readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { once } from "node:events";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { asciiToBin, binToAscii } from "../../src/server/ascii.js";
import { ANON_READ_ONLY, LOCAL_WRITE, serve } from "./harness.js";
import { RawClient } from "./raw-client.js";

/** Runs a conversion over chunks, carrying its state, and joins the output. */
function down(chunks: string[]): string {
  let cr = false;
  return chunks.map((c) => {
    const r = binToAscii(Buffer.from(c), cr);
    cr = r.lastCr;
    return r.out.toString();
  }).join("");
}
function up(chunks: string[]): string {
  let held = false;
  const out = chunks.map((c) => {
    const r = asciiToBin(Buffer.from(c), held);
    held = r.holdCr;
    return r.out.toString();
  }).join("");
  return out + (held ? "\r" : "");
}

describe("ASCII conversions", () => {
  it.each([
    [["a\nb\n"], "a\r\nb\r\n"],
    [["a\r\nb"], "a\r\nb"],
    [["a\r", "\nb"], "a\r\nb"],
    [["\n\n"], "\r\n\r\n"],
  ])("download %j -> %j", (chunks, want) => expect(down(chunks)).toBe(want));
  it.each([
    [["a\r\nb\r\n"], "a\nb\n"],
    [["a\rb"], "a\rb"],
    [["a\r", "\nb"], "a\nb"],
    [["a\r", "b"], "a\rb"],
    [["end\r"], "end\r"],
  ])("upload %j -> %j", (chunks, want) => expect(up(chunks)).toBe(want));
});

describe("ASCII mode on the wire", () => {
  it("ascii_download_enable converts in TYPE A only; without it, bytes go as they are", async () => {
    for (const [conf, want, mark] of [
      ["ascii_download_enable=YES\n", "l1\r\nl2\r\n", "ASCII"],
      ["", "l1\nl2\n", "BINARY"],
    ] as const) {
      const h = await serve(ANON_READ_ONLY + conf, { prepare: (r) => writeFileSync(join(r, "t.txt"), "l1\nl2\n", { mode: 0o644 }) });
      const c = await RawClient.open(h.server.port);
      try {
        await c.login("ftp", "x");
        await c.cmd("TYPE A");
        const r = await c.data("RETR t.txt");
        expect(r.first?.text).toBe(`150 Opening ${mark} mode data connection for t.txt (6 bytes).`);
        expect(r.body).toBe(want);
        await c.cmd("TYPE I");
        expect((await c.data("RETR t.txt")).body).toBe("l1\nl2\n");
      } finally {
        c.close();
        await h.stop();
      }
    }
  });

  it("ascii_upload_enable strips the CR of CRLF in TYPE A", async () => {
    const h = await serve(LOCAL_WRITE + "ascii_upload_enable=YES\n", { users: [{ name: "jo", password: "pw" }] });
    const c = await RawClient.open(h.server.port);
    try {
      await c.login("jo", "pw");
      await c.cmd("TYPE A");
      const port = await c.epsv();
      const d = connect({ port, host: "127.0.0.1" });
      await once(d, "connect");
      expect((await c.cmd("STOR u.txt"))?.code).toBe(150);
      d.end("a\r\nb\r\n");
      expect((await c.read())?.text).toBe("226 Transfer complete.");
      expect(readFileSync(join(h.root, "u.txt"), "utf8")).toBe("a\nb\n");
    } finally {
      c.close();
      await h.stop();
    }
  });
});
