/**
 * A certificate from the built `ftpctl cert generate` is served by the real
 * vsftpd and verified by real clients: curl checks the chain against the
 * certificate itself and the host name against its subjectAltName, and
 * openssl verifies it as its own trust anchor. RSA and EC keys both.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ftpctl } from "../cli/ftpctl.js";
import { freePort } from "../helpers/ports.js";
import { describeWithTools } from "../helpers/require-tool.js";
import { startVsftpd, stopAllVsftpd, stopVsftpd, VSFTPD, waitForListener, type VsftpdProcess } from "../helpers/vsftpd.js";

const CURL = "/usr/bin/curl";
const OPENSSL = "/usr/bin/openssl";

const work = mkdtempSync(join(tmpdir(), "ftpctl-cert-ftps-"));
chmodSync(work, 0o755);
afterAll(async () => {
  await stopAllVsftpd();
  rmSync(work, { recursive: true, force: true });
});

async function curl(...args: string[]) {
  const r = await execa(CURL, ["--disable", "-v", "--silent", "--show-error", "--max-time", "15", ...args], { reject: false, stdin: "ignore", timeout: 20_000 });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

async function openssl(...args: string[]) {
  const r = await execa(OPENSSL, args, { reject: false, stdin: "ignore" });
  return { exitCode: r.exitCode ?? -1, out: `${r.stdout}\n${r.stderr}` };
}

/** Anonymous FTPS on 127.0.0.1 with the given pair; the root is root-owned 0555, as vsftpd insists. */
async function serve(name: string, cert: string, key: string, extra: readonly string[]): Promise<VsftpdProcess> {
  const root = join(work, `${name}-root`);
  mkdirSync(root);
  writeFileSync(join(root, "hello.txt"), "hello\n");
  chmodSync(root, 0o555);
  const [port, pasv] = [await freePort(), await freePort()];
  const conf = join(work, `${name}.conf`);
  const lines = [
    "listen=YES",
    "listen_address=127.0.0.1",
    "background=NO",
    "seccomp_sandbox=NO",
    "anonymous_enable=YES",
    "local_enable=NO",
    `anon_root=${root}`,
    "ssl_enable=YES",
    "allow_anon_ssl=YES",
    `rsa_cert_file=${cert}`,
    `rsa_private_key_file=${key}`,
    `pasv_min_port=${pasv}`,
    `pasv_max_port=${pasv}`,
    ...extra,
  ];
  writeFileSync(conf, `${lines.join("\n")}\n`, { mode: 0o600 });
  const proc = startVsftpd(conf, { port });
  const ready = await waitForListener(proc, ["127.0.0.1"]);
  if (ready.state !== "listening") {
    const oops = proc.oops();
    await stopVsftpd(proc);
    throw new Error(`vsftpd did not start (${ready.state}): ${oops}`);
  }
  return proc;
}

/** VSF803's cipher/key-type findings for a config this file served. */
async function cipherFindings(name: string): Promise<string[]> {
  const r = await ftpctl(["lint", "--host", "--distro", "debian", "--format", "json", join(work, `${name}.conf`)]);
  const report = JSON.parse(r.stdout) as { files: { findings: { code: string; messageId: string }[] }[] };
  return report.files.flatMap((f) => f.findings).filter((f) => f.code === "VSF803" && f.messageId === "cipherKeyType").map((f) => f.messageId);
}

describeWithTools("cert generate: the real vsftpd serves FTPS with the result", ["root", VSFTPD, CURL, OPENSSL], () => {
  const cases = [
    { type: "rsa", flags: ["--bits", "2048"], ciphers: [] as string[] },
    // vsftpd 3.0.3's default ssl_ciphers is one ECDHE-RSA suite: an EC key needs a wider list below TLS 1.3.
    { type: "ec", flags: ["--key-type", "ec"], ciphers: ["ssl_ciphers=HIGH"] },
  ] as const;

  for (const c of cases) {
    describe(c.type, () => {
      const cert = join(work, `${c.type}.pem`);
      const key = join(work, `${c.type}.key`);
      let proc: VsftpdProcess;
      let url = "";

      beforeAll(async () => {
        const r = await ftpctl(["cert", "generate", "--cn", "localhost", ...c.flags, "--cert", cert, "--key", key]);
        expect(r.exitCode, r.stderr).toBe(0);
        proc = await serve(c.type, cert, key, c.ciphers);
        url = `ftp://localhost:${proc.port}/`;
      });
      afterAll(async () => {
        if (proc) await stopVsftpd(proc);
      });

      it("lists over TLS with curl, verifying the chain and the host name through the SAN", async () => {
        const r = await curl("--ssl-reqd", "--cacert", cert, url);
        expect(r.exitCode, r.stderr).toBe(0);
        expect(r.stdout).toMatch(/ hello\.txt\s*$/);
        expect(r.stderr).toContain("SSL certificate verify ok.");
        expect(r.stderr).toMatch(/subjectAltName: host "localhost" matched cert's "localhost"/);
        expect(r.stderr).toContain("< 200 PROT now Private.");
      });

      it("still works with TLS 1.2 (the cipher list suits the key)", async () => {
        const r = await curl("--tls-max", "1.2", "--ssl-reqd", "--cacert", cert, url);
        expect(r.exitCode, r.stderr).toBe(0);
        expect(r.stderr).toMatch(/SSL connection using TLSv1\.2/);
      });

      it("is refused for a name it does not carry (hostname checks are on)", async () => {
        const r = await curl("--ssl-reqd", "--cacert", cert, `ftp://127.0.0.1:${proc.port}/`);
        expect(r.exitCode).toBe(60);
        expect(r.stderr).toMatch(/does not match target host name|no alternative certificate subject name matches/);
      });

      it("verifies with openssl as its own CA, and shows its SAN and server usage", async () => {
        const v = await openssl("verify", "-CAfile", cert, cert);
        expect(v.exitCode, v.out).toBe(0);
        expect(v.out).toContain(`${cert}: OK`);
        const t = await openssl("x509", "-in", cert, "-noout", "-text");
        expect(t.out).toMatch(/X509v3 Subject Alternative Name: \s*\n\s+DNS:localhost\n/);
        expect(t.out).toContain("TLS Web Server Authentication");
      });

      it("left the key 0600 and the certificate 0644", () => {
        expect((statSync(key).mode & 0o7777).toString(8)).toBe("600");
        expect((statSync(cert).mode & 0o7777).toString(8)).toBe("644");
      });
    });
  }

  it("ec with vsftpd's default ssl_ciphers: TLS 1.3 works, TLS 1.2 cannot (why generate prints ssl_ciphers=HIGH)", async () => {
    const cert = join(work, "ec.pem");
    const proc = await serve("ec-default-ciphers", cert, join(work, "ec.key"), []);
    try {
      const url = `ftp://localhost:${proc.port}/`;
      expect((await curl("--ssl-reqd", "--cacert", cert, url)).exitCode).toBe(0);
      const old = await curl("--tls-max", "1.2", "--ssl-reqd", "--cacert", cert, url);
      expect(old.exitCode).toBe(35);
      // lint --host says so before any client finds out; with ssl_ciphers=HIGH (the loop above) it does not.
      expect(await cipherFindings("ec-default-ciphers")).toEqual(["cipherKeyType"]);
      expect(await cipherFindings("ec")).toEqual([]);
    } finally {
      await stopVsftpd(proc);
    }
  });
});
