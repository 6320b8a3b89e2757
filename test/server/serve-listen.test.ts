/** `ftpctl serve` on a port it cannot have: one line, exit 1, no stack trace. */
import { createServer } from "node:net";
import { expect, it } from "vitest";
import { ftpctl } from "../cli/ftpctl.js";

it("a port already in use: one line naming it, exit 1", async () => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
  const port = (taken.address() as { port: number }).port;
  try {
    const r = await ftpctl(["serve", "--port", String(port), "--root", "/tmp", "--distro", "debian"]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^ftpctl: cannot listen on 127\\.0\\.0\\.1:${port}: the port is in use \\(another FTP server\\?\\)\\n$`, "m"));
    expect(r.stderr).not.toMatch(/internal error|\n {4}at /);
  } finally {
    taken.close();
  }
});

it("an address that is not on this host: one line, exit 1", async () => {
  const r = await ftpctl(["serve", "--address", "192.0.2.1", "--port", "0", "--root", "/tmp", "--distro", "debian"]);
  expect(r.exitCode).toBe(1);
  expect(r.stderr).toMatch(/^ftpctl: cannot listen on 192\.0\.2\.1:0: that address is not on this host$/m);
});

it("a conf with listen=YES is linted as the standalone server it is: max_per_ip is not called inert", async () => {
  const { configFromBytes } = await import("../../src/server/plain-config.js");
  const standalone = configFromBytes("s.conf", Buffer.from("listen=YES\nanonymous_enable=YES\nmax_per_ip=3\n"), "debian");
  expect(standalone.warnings.map((w) => w.code)).not.toContain("VSF605");
  // listen=NO (inetd) is still served, and there the option does nothing, as lint says.
  const inetd = configFromBytes("i.conf", Buffer.from("listen=NO\nanonymous_enable=YES\nmax_per_ip=3\n"), "debian");
  expect(inetd.warnings.map((w) => w.code)).toContain("VSF605");
});
