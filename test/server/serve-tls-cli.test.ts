/**
 * `ftpctl serve --cert FILE --key FILE` as a user runs it (`npm run build`
 * first): a profile with tls enabled (the built-in ftps profile) serves
 * explicit FTPS with that certificate; a missing, unreadable or mismatched
 * certificate or key is one line and exit 2 before anything listens, and
 * the key is never printed.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeWithTools } from "../helpers/require-tool.js";
import { BIN, ftpctl } from "../cli/ftpctl.js";
import { CURL, curl, ftps, OPENSSL } from "../live/clients.js";
import { testCert, type TestCert } from "./tls-helpers.js";
import { configFromBytes } from "../../src/server/config.js";
import { notEmulated } from "../../src/commands/serve/run.js";

async function waitForUrl(out: { text: string }, kill: () => void): Promise<string> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const m = /serving (ftp:\/\/\S+)/.exec(out.text);
    if (m) return m[1]!;
    await new Promise((r) => setTimeout(r, 50));
  }
  kill();
  throw new Error(`serve printed no URL: ${out.text}`);
}

/** stderr's lines that are not warnings. */
const errors = (stderr: string) => stderr.trimEnd().split("\n").filter((l) => l !== "" && !/warning/.test(l));

describeWithTools("ftpctl serve --cert/--key", [CURL, OPENSSL], () => {
  let dir: string;
  let cert: TestCert;
  let other: TestCert;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "ftpctl-serve-tls-"));
    mkdirSync(join(dir, "root"));
    writeFileSync(join(dir, "root", "hello.txt"), "hello over FTPS\n", { mode: 0o644 });
    // The built-in profiles: anonymous, read-only, with TLS required for its logins and data.
    writeFileSync(join(dir, "ftps.yaml"), "extends: [anonymous, ftps]\n");
    writeFileSync(join(dir, "plain.conf"), "anonymous_enable=YES\n");
    [cert, other] = await Promise.all([testCert(), testCert()]);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    cert?.remove();
    other?.remove();
  });

  it("serves the ftps profile over explicit FTPS with the given certificate and key", async () => {
    const out = { text: "" };
    const p = execa(process.execPath, [BIN, "serve", join(dir, "ftps.yaml"), "--distro", "debian", "--root", join(dir, "root"), "--cert", cert.certFile, "--key", cert.keyFile], { reject: false, env: { NO_COLOR: "1" } });
    p.stdout!.on("data", (d: Buffer) => (out.text += d.toString()));
    const url = await waitForUrl(out, () => p.kill("SIGKILL"));
    const clear = await curl([`${url}hello.txt`]);
    const secure = await curl([...ftps(cert.certFile), `${url}hello.txt`]);
    p.kill("SIGINT");
    const r = await p;
    expect(r.exitCode).toBe(0);
    // force_anon_logins_ssl: in clear, anonymous is refused as vsftpd refuses it.
    expect(clear.stderr).toContain("< 530 Anonymous sessions must use encryption.");
    expect(secure.exitCode, secure.stderr).toBe(0);
    expect(secure.stdout).toBe("hello over FTPS\n");
    expect(secure.stderr).toContain("< 200 PROT now Private.");
    // The TLS options are emulated now: none is named as ignored.
    expect(String(r.stderr)).not.toMatch(/does not emulate.*(ssl|rsa_)/);
    expect(out.text + String(r.stderr)).not.toContain(readFileSync(cert.keyFile, "utf8").split("\n")[1]!);
  });

  it.each([
    ["a missing certificate", () => ["--cert", join(dir, "nope.pem"), "--key", cert.keyFile], /nope\.pem: no such file$/],
    ["a key that is not the certificate's", () => ["--cert", cert.certFile, "--key", other.keyFile], /key\.pem: SSL: cannot load RSA private key \(key values mismatch\)$/],
    ["a certificate file holding only a key", () => ["--cert", cert.keyFile, "--key", cert.keyFile], /key\.pem: SSL: cannot load RSA certificate \(no start line\)$/],
    ["a directory for a key", () => ["--cert", cert.certFile, "--key", dir], /: is a directory, not a PEM file$/],
  ])("%s is one line and exit 2, before listening", async (_name, flags, message) => {
    const r = await ftpctl(["serve", join(dir, "ftps.yaml"), "--distro", "debian", "--root", join(dir, "root"), ...flags()]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).not.toContain("serving");
    expect(errors(r.stderr)).toHaveLength(1);
    expect(errors(r.stderr)[0]).toMatch(message);
    expect(r.stderr).not.toContain("PRIVATE KEY");
  });

  it("--cert on a configuration without ssl_enable is one line and exit 2", async () => {
    const r = await ftpctl(["serve", join(dir, "plain.conf"), "--distro", "debian", "--root", join(dir, "root"), "--cert", cert.certFile]);
    expect(r.exitCode).toBe(2);
    expect(errors(r.stderr)).toEqual(["ftpctl: --cert and --key are for FTPS: the configuration needs ssl_enable=YES (a profile's tls.enabled: true)"]);
  });

  it("the profile's own certificate paths, when they do not exist, are named", async () => {
    const r = await ftpctl(["serve", join(dir, "ftps.yaml"), "--distro", "debian", "--root", join(dir, "root"), "--set", `tls.cert=${join(dir, "absent.pem")}`]);
    expect(r.exitCode).toBe(2);
    expect(errors(r.stderr)).toEqual([`ftpctl: ${join(dir, "absent.pem")}: no such file`]);
  });
});

describe("the TLS options the embedded server does not emulate", () => {
  it("are named at start-up; the emulated ones are not", () => {
    const conf = ["anonymous_enable=YES", "ssl_enable=YES", "allow_anon_ssl=YES", "force_local_data_ssl=NO", "require_ssl_reuse=NO", "ssl_ciphers=HIGH", "implicit_ssl=YES", "require_cert=YES", "debug_ssl=YES", "dsa_cert_file=/x.pem", ""].join("\n");
    const skipped = notEmulated(configFromBytes("tls.conf", Buffer.from(conf), "debian"), "debian");
    expect(skipped.filter((o) => /ssl|cert|tls|rsa_|dsa_/.test(o)).sort()).toEqual(["debug_ssl", "dsa_cert_file", "require_cert"]);
  });
});
