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
