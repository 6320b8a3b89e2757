/**
 * How apply explains a service that does not come up: vsftpd is run on the
 * config itself (only background=NO added) with fd 0 on a file, through the
 * real executor and the real binary. A refused config yields vsftpd's own
 * "500 OOPS" line; a good one keeps running until the time is up and is
 * then stopped, leaving its port free.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { LocalExecutor } from "../../src/provision/local-executor.js";
import { reproduce } from "../../src/provision/resources/service.js";
import { freePort } from "../helpers/ports.js";
import { describeWithTools } from "../helpers/require-tool.js";

const TIMING = { samples: 1, intervalMs: 10, reproduceMs: 1500 };

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: "127.0.0.1", port });
    s.once("connect", () => (s.destroy(), resolve(true)));
    s.once("error", () => resolve(false));
  });
}

describeWithTools("the startup error of a service that does not come up", ["root", "/usr/sbin/vsftpd"], () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync("/tmp/ftpctl-diag-");
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const conf = (name: string, port: number, extra: string[]) => {
    const file = join(dir, name);
    const lines = ["listen=YES", "listen_address=127.0.0.1", `listen_port=${port}`, "background=YES", "anonymous_enable=YES", "seccomp_sandbox=NO", ...extra];
    writeFileSync(file, lines.join("\n") + "\n", { mode: 0o600 });
    return file;
  };

  it("shows vsftpd's own message for a config it refuses", async () => {
    const file = conf("bad.conf", await freePort(), ["ssl_enable=YES", "rsa_cert_file=/nonexistent/cert.pem"]);
    expect(await reproduce(new LocalExecutor(), file, TIMING)).toBe("vsftpd says: 500 OOPS: SSL: cannot load RSA certificate");
  });

  it("says so when the config starts fine by hand, and stops that instance again", async () => {
    const port = await freePort();
    const file = conf("good.conf", port, []);
    const said = await reproduce(new LocalExecutor(), file, TIMING);
    expect(said).toContain(`run by hand on ${file}, vsftpd starts and keeps running (stopped again): the failure is not in the config`);
    expect(await accepts(port)).toBe(false);
  });
});
