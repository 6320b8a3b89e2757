/**
 * The most common insecure FTP setup, local users with their system passwords
 * over plain FTP, is a warning (VSF703), with or without a certificate named.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ftpctl } from "./ftpctl.js";

let dir = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ftpctl-cleartext-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function conf(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe("lint on local logins over plain FTP", () => {
  it("warns about a local-users server with no TLS at all, at its local_enable line", async () => {
    const file = conf("plain.conf", "listen=YES\nanonymous_enable=NO\nlocal_enable=YES\nwrite_enable=YES\n");
    const r = await ftpctl(["lint", "--distro", "debian", file]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      `${file}:3:1: warning: local users log in with their system passwords over plain FTP (ssl_enable is NO): passwords and files cross the network in clear text; set ssl_enable=YES with a certificate (ftpctl cert generate) [VSF703]\n`,
    );
    expect(r.stdout).toMatch(/^1 file checked: 0 errors, 1 warning, 0 info$/m);
  });

  it("says nothing once TLS is on and required", async () => {
    const file = conf("ftps.conf", "listen=YES\nanonymous_enable=NO\nlocal_enable=YES\nssl_enable=YES\nssl_tlsv1=NO\nrsa_cert_file=/etc/ssl/certs/ftp.pem\nrsa_private_key_file=/etc/ssl/private/ftp.key\n");
    const r = await ftpctl(["lint", "--distro", "debian", file]);
    expect([r.exitCode, r.stdout]).toEqual([0, "1 file checked: no problems\n"]);
  });

  it("says nothing for an anonymous-only server over plain FTP: no passwords to protect", async () => {
    const file = conf("anon.conf", "listen=YES\nanonymous_enable=YES\nlocal_enable=NO\nno_anon_password=NO\n");
    const r = await ftpctl(["lint", "--distro", "debian", file]);
    expect(r.stdout).not.toContain("VSF703");
  });
});
