/**
 * lint --host by an ordinary user, on a config whose certificate and key are
 * root-owned 0600 files (as `cert generate` and every distro make them) and
 * whose log sits in a root-only directory: ftpctl cannot read them, which
 * says nothing about vsftpd (root) reading them. Each such path is named
 * once as "not checked: needs root", at info level, with exit 0; run as
 * root, the same lint still finds what is wrong (here a key that does not
 * belong to the certificate). Likewise /etc/shadow: without it, which
 * accounts are locked is not known, so no login's refusal is claimed.
 */
import { chmodSync, cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ftpctl, REPO } from "../cli/ftpctl.js";
import { describeWithTools } from "../helpers/require-tool.js";
import { createTestUser, removeTestUser, type TestUser } from "../helpers/users.js";

const NOBODY = ["--reuid=65534", "--regid=65534", "--clear-groups"];

describeWithTools("lint --host as uid 65534 with a root-only certificate and key", ["root", "/usr/bin/setpriv", "/usr/bin/openssl"], () => {
  let dir = "";
  let conf = "";
  /** A copy of the built CLI that uid 65534 can read: the checkout may sit under root's 0700 home. */
  let bin = "";

  beforeAll(async () => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), "ftpctl-needs-root-")));
    chmodSync(dir, 0o755);
    const app = join(dir, "app");
    for (const part of ["bin", "dist"]) cpSync(join(REPO, part), join(app, part), { recursive: true });
    bin = join(app, "bin/ftpctl.js");
    const tls = join(dir, "tls");
    mkdirSync(tls, { mode: 0o755 });
    const openssl = (args: string[]) => execa("/usr/bin/openssl", args, { timeout: 30_000 });
    await openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", join(tls, "cert.key")]);
    await openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", join(tls, "other.key")]);
    await openssl(["req", "-x509", "-key", join(tls, "cert.key"), "-out", join(tls, "cert.pem"), "-days", "365", "-subj", "/CN=ftp.example.org", "-addext", "subjectAltName=DNS:ftp.example.org"]);
    for (const f of ["cert.key", "other.key", "cert.pem"]) chmodSync(join(tls, f), 0o600);
    const logs = join(dir, "logs");
    mkdirSync(logs, { mode: 0o700 });
    conf = join(dir, "vsftpd.conf");
    writeFileSync(
      conf,
      [
        "listen=YES",
        "anonymous_enable=NO",
        "local_enable=YES",
        "ssl_enable=YES",
        "ssl_tlsv1=NO",
        `rsa_cert_file=${tls}/cert.pem`,
        // The key of another certificate: vsftpd (root) refuses to start; only root can tell.
        `rsa_private_key_file=${tls}/other.key`,
        "xferlog_enable=YES",
        `vsftpd_log_file=${logs}/vsftpd.log`,
        "",
      ].join("\n"),
      { mode: 0o644 },
    );
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const hostFindings = (out: string) => out.split("\n").filter((l) => / \[VSF8\d\d\]$/.test(l));

  it("names each unreadable path as 'not checked: needs root', at info level, claims no refusal and exits 0", async () => {
    const r = await execa("setpriv", [...NOBODY, process.execPath, bin, "lint", "--host", conf], {
      reject: false,
      env: { NO_COLOR: "1" },
      extendEnv: false,
      timeout: 30_000,
    });
    const out = String(r.stdout) + String(r.stderr);
    const found = hostFindings(out);
    expect(found.filter((l) => !l.includes(": info: ")), out).toEqual([]);
    for (const path of [`rsa_cert_file '${dir}/tls/cert.pem'`, `rsa_private_key_file '${dir}/tls/other.key'`, `vsftpd_log_file '${dir}/logs/vsftpd.log'`]) {
      expect(found.filter((l) => l.includes(`: info: not checked: needs root: ${path}`)), path).toHaveLength(1);
    }
    expect(out).not.toMatch(/refuses to start|500 OOPS|does not exist|does not belong/);
    expect(r.exitCode, out).toBe(0);
  });

  it("as root, finds what vsftpd would meet", async () => {
    const r = await ftpctl(["lint", "--host", conf]);
    const found = hostFindings(r.stdout + r.stderr);
    expect(found.some((l) => l.includes(`: error: the private key in '${dir}/tls/other.key' does not belong to the certificate in '${dir}/tls/cert.pem'`)), r.stdout).toBe(true);
    expect(found.filter((l) => l.includes("needs root") || l.includes("could not be checked"))).toEqual([]);
    expect(r.exitCode).toBe(1);
  });
});

describeWithTools("lint --host as uid 65534 cannot read /etc/shadow", ["root", "sandbox", "/usr/bin/setpriv", "/usr/sbin/useradd", "/usr/sbin/usermod"], () => {
  let dir = "";
  let conf = "";
  let bin = "";
  let locked: TestUser | undefined;
  let open: TestUser | undefined;

  beforeAll(async () => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), "ftpctl-shadow-")));
    chmodSync(dir, 0o755);
    const app = join(dir, "app");
    for (const part of ["bin", "dist"]) cpSync(join(REPO, part), join(app, part), { recursive: true });
    bin = join(app, "bin/ftpctl.js");
    locked = await createTestUser("ftpctl-locked");
    await execa("/usr/sbin/usermod", ["--lock", locked.name]);
    open = await createTestUser("ftpctl-open");
    conf = join(dir, "vsftpd.conf");
    // One local_root per login (user_sub_token), so each account's finding stands on its own.
    writeFileSync(
      conf,
      ["listen=YES", "anonymous_enable=NO", "local_enable=YES", "chroot_local_user=YES", "user_sub_token=$USER", `local_root=${dir}/roots/$USER`, ""].join("\n"),
      { mode: 0o644 },
    );
  }, 60_000);
  afterAll(async () => {
    if (locked) await removeTestUser(locked);
    if (open) await removeTestUser(open);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const hostFindings = (out: string) => out.split("\n").filter((l) => / \[VSF8\d\d\]$/.test(l));

  it("claims no login refusal, says /etc/shadow needs root, and exits 0", async () => {
    const r = await execa("setpriv", [...NOBODY, process.execPath, bin, "lint", "--host", conf], {
      reject: false,
      env: { NO_COLOR: "1" },
      extendEnv: false,
      timeout: 30_000,
    });
    const out = String(r.stdout) + String(r.stderr);
    const found = hostFindings(out);
    expect(found.filter((l) => !l.includes(": info: ")), out).toEqual([]);
    expect(found.filter((l) => l.includes(": info: not checked: needs root: '/etc/shadow' (reading it fails for ftpctl: permission denied (EACCES)")), out).toHaveLength(1);
    expect(out).not.toContain("ftpctl-locked");
    expect(r.exitCode, out).toBe(0);
  });

  it("as root, reports the account that can log in and not the locked one", async () => {
    const r = await ftpctl(["lint", "--host", conf]);
    const found = hostFindings(r.stdout + r.stderr);
    expect(found.some((l) => l.includes(`: error: local_root '${dir}/roots/ftpctl-open' does not exist: logins of ftpctl-open get 500 OOPS`)), r.stdout).toBe(true);
    expect(found.filter((l) => l.includes("ftpctl-locked"))).toEqual([]);
    expect(found.filter((l) => l.includes("/etc/shadow"))).toEqual([]);
  });
});
