import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Io } from "../../src/core/io.js";
import { ExitError } from "../../src/core/errors.js";
import { certPaths } from "../../src/commands/cert/paths.js";

const dir = mkdtempSync(join(tmpdir(), "ftpctl-cert-paths-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io() {
  const err: string[] = [];
  const sink: Io = { stdout: () => {}, stderr: (t) => err.push(t) };
  return { sink, err };
}

function profile(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe("certPaths", () => {
  it("uses each distro's usual place", async () => {
    expect(await certPaths({ distro: "debian" }, io().sink)).toEqual({ cert: "/etc/ssl/certs/vsftpd.pem", key: "/etc/ssl/private/vsftpd.key" });
    expect(await certPaths({ distro: "upstream" }, io().sink)).toEqual({ cert: "/etc/ssl/certs/vsftpd.pem", key: "/etc/ssl/private/vsftpd.key" });
    expect(await certPaths({ distro: "rhel" }, io().sink)).toEqual({ cert: "/etc/pki/tls/certs/vsftpd.pem", key: "/etc/pki/tls/private/vsftpd.key" });
  });

  it("takes --cert and --key over everything, made absolute", async () => {
    const p = profile("p.yaml", "tls:\n  cert: /srv/p.pem\n  key: /srv/p.key\n");
    expect(await certPaths({ distro: "rhel", cert: "c.pem", key: "/k.pem", profile: p }, io().sink)).toEqual({ cert: join(process.cwd(), "c.pem"), key: "/k.pem" });
  });

  it("takes the profile's tls.cert and tls.key, else the distro's", async () => {
    expect(await certPaths({ distro: "debian", profile: profile("a.yaml", "tls:\n  cert: /srv/a.pem\n  key: /srv/a.key\n") }, io().sink)).toEqual({ cert: "/srv/a.pem", key: "/srv/a.key" });
    expect(await certPaths({ distro: "rhel", profile: profile("b.yaml", "tls:\n  enabled: false\n") }, io().sink)).toEqual({ cert: "/etc/pki/tls/certs/vsftpd.pem", key: "/etc/pki/tls/private/vsftpd.key" });
  });

  it("a profile with tls.cert only keeps the key in the certificate file (vsftpd reads it there), except for a CSR's key", async () => {
    const p = profile("c.yaml", "tls:\n  cert: /srv/both.pem\n");
    expect(await certPaths({ distro: "debian", profile: p }, io().sink)).toEqual({ cert: "/srv/both.pem", key: "/srv/both.pem" });
    expect((await certPaths({ distro: "debian", profile: p }, io().sink, false)).key).toBe("/etc/ssl/private/vsftpd.key");
  });

  it("a broken profile: its problems printed, then ExitError(1)", async () => {
    const { sink, err } = io();
    const p = profile("bad.yaml", "tls:\n  cert: [1]\n");
    await expect(certPaths({ distro: "debian", profile: p }, sink)).rejects.toEqual(new ExitError(1));
    expect(err.join("")).toMatch(new RegExp(`^${p}:2:`));
  });
});
