/**
 * VSF304 against the real /usr/sbin/vsftpd: with a passive range of only the
 * listen port, every PASV and EPSV is answered with
 * "500 OOPS: vsf_sysutil_bind", and lint says so as an error on the same bytes.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { lintBytes } from "../../src/lint/linter.js";
import { freePort } from "../helpers/ports.js";
import { describeWithTools } from "../helpers/require-tool.js";
import { startVsftpd, stopAllVsftpd, stopVsftpd, VSFTPD, waitForListener } from "../helpers/vsftpd.js";

/** Sends each command in turn and returns the final reply line to each (the greeting first). */
function converse(port: number, commands: readonly string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: "127.0.0.1", port });
    const replies: string[] = [];
    let buf = "";
    const queue = [...commands];
    s.setTimeout(5000, () => (s.destroy(), reject(new Error(`no reply after ${JSON.stringify(replies)}`))));
    s.on("data", (d) => {
      buf += d.toString("latin1");
      for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
        const line = buf.slice(0, nl).replace(/\r$/, "");
        buf = buf.slice(nl + 1);
        if (!/^\d{3} /.test(line)) continue;
        replies.push(line);
        const next = queue.shift();
        if (next === undefined) return void (s.destroy(), resolve(replies));
        s.write(`${next}\r\n`);
      }
    });
    s.on("error", reject);
  });
}

describeWithTools("a passive range of only the listen port", ["root", VSFTPD], () => {
  const dir = mkdtempSync("/tmp/ftpctl-pasv-listen-");

  afterAll(async () => {
    await stopAllVsftpd();
    rmSync(dir, { recursive: true, force: true });
  });

  it("fails every PASV and EPSV with 500 OOPS: vsf_sysutil_bind, and lint reports VSF304", async () => {
    const anon = join(dir, "anon");
    mkdirSync(anon);
    chmodSync(anon, 0o555);
    const port = await freePort();
    const text = [
      "listen=YES",
      "listen_address=127.0.0.1",
      `listen_port=${port}`,
      "background=NO",
      "seccomp_sandbox=NO",
      "anonymous_enable=YES",
      "local_enable=NO",
      `anon_root=${anon}`,
      "no_anon_password=YES",
      `pasv_min_port=${port}`,
      `pasv_max_port=${port}`,
      "",
    ].join("\n");
    const conf = join(dir, "vsftpd.conf");
    writeFileSync(conf, text);

    const errors = lintBytes({ file: conf, bytes: Buffer.from(text), options: { distro: "debian", standalone: true } }).findings.filter((f) => f.severity === "error");
    expect(errors.map((f) => [f.code, f.line])).toEqual([["VSF304", 10]]);

    const proc = startVsftpd(conf, { port, captureDir: dir });
    try {
      expect((await waitForListener(proc, ["127.0.0.1"])).state).toBe("listening");
      for (const cmd of ["PASV", "EPSV"]) {
        const replies = await converse(port, ["USER anonymous", cmd]);
        expect(replies.slice(1), cmd).toEqual(["230 Login successful.", "500 OOPS: vsf_sysutil_bind"]);
      }
    } finally {
      await stopVsftpd(proc);
    }
  });
});
