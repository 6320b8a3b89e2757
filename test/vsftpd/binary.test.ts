/**
 * The parser against the real /usr/sbin/vsftpd (Debian 3.0.3): each line is
 * appended to a minimal standalone config, and what the binary does (refuse
 * with a message, crash, or listen) must be what interpret() predicts.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { interpret } from "../../src/vsftpd/interpret.js";
import { scanBytes } from "../../src/vsftpd/scan.js";
import { freePort } from "../helpers/ports.js";
import { describeWithTools } from "../helpers/require-tool.js";
import { startVsftpd, stopAllVsftpd, stopVsftpd, waitForListener } from "../helpers/vsftpd.js";

const BASE = "listen=YES\nlisten_address=127.0.0.1\nbackground=NO\nseccomp_sandbox=NO\n";
let dir = "";
let n = 0;

type Outcome = { kind: "refused"; message: string } | { kind: "crash" } | { kind: "listening"; banner: string };

function firstLine(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: "127.0.0.1", port });
    let got = "";
    s.setTimeout(2000, () => (s.destroy(), reject(new Error("no greeting"))));
    s.on("data", (d) => {
      got += d.toString("latin1");
      if (got.includes("\n")) (s.destroy(), resolve(got.slice(0, got.indexOf("\n") + 1)));
    });
    s.on("error", reject);
  });
}

async function run(bytes: Buffer): Promise<Outcome> {
  const file = join(dir, `c${n++}.conf`);
  writeFileSync(file, bytes);
  const proc = startVsftpd(file, { port: await freePort(), captureDir: dir });
  const ready = await waitForListener(proc, ["127.0.0.1"]);
  try {
    if (ready.state === "listening") return { kind: "listening", banner: await firstLine(proc.port) };
    if (ready.state === "exited" && ready.exit.signal === "SIGSEGV") return { kind: "crash" };
    const oops = proc.oops();
    return { kind: "refused", message: oops.replace(/^500 OOPS: /, "").replace(/\r\n$/, "") };
  } finally {
    await stopVsftpd(proc);
  }
}

function predicted(bytes: Buffer) {
  const r = interpret(scanBytes(bytes), "debian").firstRefusal;
  return r?.refusal === "crash" ? { kind: "crash" } : r ? { kind: "refused", message: r.message } : { kind: "listening" };
}

const lines = [
  "listen=YES",
  "anonymous_enable=yes",
  "anonymous_enable=ye\u017f",
  "Listen=YES",
  "listen = YES",
  "listen =YES",
  "listen= YES",
  "listen=YES ",
  "listen=YES\t",
  "listen=YES\r",
  "listen=YES # comment",
  "  listen=YES",
  "\v\flisten=YES",
  "  # text",
  "  # a=b",
  "\uFEFFlisten=YES",
  "\uFEFF# comment",
  "write_enable",
  "write_enable=",
  "bogus",
  "bogus=",
  "bogus=1",
  "=YES",
  "  =",
  "ftpd_banner",
  "ftpd_banner=",
  "ftpd_banner= ",
  "ftpd_banner=\r",
  "banner_file=\t",
  "max_clients=lots",
  "max_clients=\r",
  "max_clients= 5",
  "local_umask=0x22",
  "ssl_tlsv1_2=YES",
  "utf8_filesystem=YES",
];

// vsftpd refuses to listen unless started as root.
describeWithTools("parser vs /usr/sbin/vsftpd (debian)", ["root", "/usr/sbin/vsftpd"], () => {
  beforeAll(() => {
    dir = mkdtempSync("/tmp/ftpctl-parse-");
  });
  afterAll(async () => {
    await stopAllVsftpd();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const line of lines) {
    it(`${JSON.stringify(line)}`, async () => {
      const bytes = Buffer.from(BASE + line + "\n", "utf8");
      const got = await run(bytes);
      const want = predicted(bytes);
      expect(got.kind === "listening" ? { kind: "listening" } : got).toEqual(want);
    });
  }

  it("drops every byte after 100000 and parses the cut line", async () => {
    const tail = "anonymous_enable=YES\nbogus=1\n";
    const pad = 100_000 - BASE.length - "anonymous_enable=Y".length;
    const bytes = Buffer.from(BASE + "#" + "x".repeat(pad - 2) + "\n" + tail, "utf8");
    const got = await run(bytes);
    expect(got).toEqual(predicted(bytes));
    expect(got).toEqual({ kind: "refused", message: "bad bool value in config file for: anonymous_enable" });
  });

  it("ignores a bad setting after 100000 bytes", async () => {
    const bytes = Buffer.from(BASE + "#" + "x".repeat(100_000) + "\nbogus=1\n", "utf8");
    expect((await run(bytes)).kind).toBe("listening");
    expect(predicted(bytes).kind).toBe("listening");
  });

  it.each([
    ["ftpd_banner=  Hi there  ", "220 Hi there\r\n"],
    ["ftpd_banner=Hi\t\r", "220 Hi\r\n"],
    ["ftpd_banner=Hi # there", "220 Hi # there\r\n"],
    ["ftpd_banner=a=b=c", "220 a=b=c\r\n"],
  ])("greets with the trimmed string value of %j", async (line, greeting) => {
    const bytes = Buffer.from(BASE + line + "\n", "utf8");
    const got = await run(bytes);
    expect(got).toEqual({ kind: "listening", banner: greeting });
    const value = interpret(scanBytes(bytes), "debian").effective.get("ftpd_banner");
    expect(`220 ${String(value)}\r\n`).toBe(greeting);
  });
});
