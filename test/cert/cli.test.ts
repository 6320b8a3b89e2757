/**
 * `ftpctl cert ...` through the built CLI: bad input is refused before any
 * key is made, existing files are kept unless --force (and then backed up),
 * output is data where it should be, and no key material is ever printed.
 */
import { X509Certificate } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { ftpctl } from "../cli/ftpctl.js";
import { requireTool } from "../helpers/require-tool.js";

const dir = mkdtempSync(join(tmpdir(), "ftpctl-cert-cli-"));
// Readable by nobody, for the permission case.
chmodSync(dir, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** A fresh empty directory per case, so "nothing was written" is a listing. */
function fresh(): string {
  const d = join(dir, `case-${++n}`);
  mkdirSync(d);
  chmodSync(d, 0o755);
  return d;
}

const mode = (p: string) => (statSync(p).mode & 0o7777).toString(8);
const NO_KEYS = /PRIVATE KEY|BEGIN [A-Z ]*KEY/;

describe("cert generate: refused input", () => {
  const cases: readonly (readonly [string, readonly string[], RegExp])[] = [
    ["a SAN without a type", ["--san", "foo"], /^ftpctl: --san 'foo': write DNS:name or IP:address/],
    ["a SAN with a bad address", ["--san", "IP:999.1.1.1"], /^ftpctl: --san 'IP:999\.1\.1\.1': '999\.1\.1\.1' is not an IPv4 or IPv6 address/],
    ["a SAN that is no host name", ["--san", "DNS:ftp server"], /^ftpctl: --san 'DNS:ftp server': not a DNS name: it has spaces/],
    ["--days 0", ["--days", "0"], /^ftpctl: --days 0: give a whole number of days from 1 to 36500/],
    ["negative --days", ["--days", "-7"], /^ftpctl: --days -7: give a whole number/],
    ["fractional --days", ["--days", "1.5"], /^ftpctl: --days 1\.5: give a whole number/],
    ["--bits 1024", ["--bits", "1024"], /^ftpctl: --bits 1024: use 2048, 3072 or 4096: keys under 2048 bits are refused/],
    ["--bits with an EC key", ["--key-type", "ec", "--bits", "4096"], /^ftpctl: --bits applies to RSA keys/],
    ["an unknown key type", ["--key-type", "dsa"], /Argument: key-type, Given: "dsa", Choices: "rsa", "ec"/],
    ["a CN that is not a host name", ["--cn", "My FTP server"], /^ftpctl: --cn 'My FTP server': not a host name or IP address/],
  ];

  it.each(cases)("%s: exit 2, one clear message, no key made, nothing written", async (_name, flags, message) => {
    const d = fresh();
    const r = await ftpctl(["cert", "generate", "--cn", "localhost", ...flags, "--cert", join(d, "c.pem"), "--key", join(d, "k.pem")]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain("generating");
    expect(r.stdout).toBe("");
    expect(readdirSync(d)).toEqual([]);
  });

  it("a directory that does not exist: exit 2, naming it", async () => {
    const r = await ftpctl(["cert", "generate", "--cn", "localhost", "--cert", join(dir, "nope", "c.pem"), "--key", join(dir, "k-nope.pem")]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(`ftpctl: ${join(dir, "nope", "c.pem")}: directory ${join(dir, "nope")} does not exist\n`);
  });

  it("a path that is a directory: exit 2", async () => {
    const d = fresh();
    const r = await ftpctl(["cert", "generate", "--cn", "localhost", "--cert", d, "--key", join(d, "k.pem")]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(`ftpctl: ${d}: is a directory; give a file name\n`);
  });

  it("a read-only place (/proc): exit 2 before any key is made", async () => {
    const r = await ftpctl(["cert", "generate", "--cn", "localhost", "--cert", "/proc/ftpctl.pem", "--key", join(fresh(), "k.pem")]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^ftpctl: \/proc\/ftpctl\.pem: cannot create files in \/proc: /);
    expect(r.stderr).not.toContain("generating");
  });

  // Root may write anywhere that is mounted writable, so the permission case runs the CLI as nobody.
  it("a directory the user cannot write (run as nobody): exit 2", async (ctx) => {
    requireTool(ctx, "root");
    const d = fresh();
    const r = await ftpctl(["cert", "generate", "--cn", "localhost", "--cert", join(d, "c.pem"), "--key", join(d, "k.pem")], { uid: 65534, gid: 65534, cwd: dir });
    expect(r.stderr).toBe(`ftpctl: ${join(d, "k.pem")}: cannot create files in ${d}: permission denied (run as root, or choose other paths with --cert and --key)\n`);
    expect(r.exitCode).toBe(2);
    expect(readdirSync(d)).toEqual([]);
  });

  it("an existing file without --force: exit 2, the file untouched", async () => {
    const d = fresh();
    writeFileSync(join(d, "c.pem"), "old certificate\n");
    const r = await ftpctl(["cert", "generate", "--cn", "localhost", "--cert", join(d, "c.pem"), "--key", join(d, "k.pem")]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^ftpctl: ${join(d, "c.pem")} already exists; pass --force to replace it \\(the old file is kept as ${join(d, "c.pem")}\\.bak\\)\n`));
    expect(readFileSync(join(d, "c.pem"), "utf8")).toBe("old certificate\n");
    expect(readdirSync(d)).toEqual(["c.pem"]);
  });

  it("a symbolic link, even with --force: exit 2, the link kept", async () => {
    const d = fresh();
    writeFileSync(join(d, "real.pem"), "issued by a CA\n");
    await execa("ln", ["-s", "real.pem", join(d, "c.pem")]);
    const r = await ftpctl(["cert", "generate", "--cn", "localhost", "--force", "--cert", join(d, "c.pem"), "--key", join(d, "k.pem")]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/is a symbolic link to real\.pem; ftpctl will not replace a link/);
    expect(readFileSync(join(d, "c.pem"), "utf8")).toBe("issued by a CA\n");
  });

  it("a subcommand is required", async () => {
    const r = await ftpctl(["cert"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("Name a subcommand: generate, inspect, csr.");
  });
});

describe("cert generate: files", () => {
  it("writes the key 0600 and the certificate 0644, prints a summary and the vsftpd.conf lines, but no key", async () => {
    const d = fresh();
    const [cert, key] = [join(d, "c.pem"), join(d, "k.pem")];
    const r = await ftpctl(["cert", "generate", "--cn", "ftp.example.org", "--san", "IP:192.0.2.10", "--bits", "2048", "--days", "30", "--cert", cert, "--key", key]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toBe("ftpctl: generating an RSA 2048-bit key...\n");
    expect(mode(key)).toBe("600");
    expect(mode(cert)).toBe("644");
    expect(r.stdout).toContain(`wrote ${key}: RSA 2048-bit private key, mode 0600\nwrote ${cert}: self-signed certificate, mode 0644\n`);
    expect(r.stdout).toMatch(/ names +DNS:ftp\.example\.org, IP:192\.0\.2\.10\n/);
    expect(r.stdout).toMatch(/ valid +\d{4}-\d\d-\d\d \d\d:\d\d UTC to \d{4}-\d\d-\d\d \d\d:\d\d UTC \(30 days left\)\n/);
    expect(r.stdout).toContain(`\nfor vsftpd.conf:\n  ssl_enable=YES\n  rsa_cert_file=${cert}\n  rsa_private_key_file=${key}\n`);
    expect(r.stdout).toContain(`curl --ssl-reqd --cacert ${cert} ftp://ftp.example.org/`);
    expect(r.stdout + r.stderr).not.toMatch(NO_KEYS);
    expect(readFileSync(key, "utf8")).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(readdirSync(d).sort()).toEqual(["c.pem", "k.pem"]);
  });

  it("--force keeps the old pair as .bak, the old key still 0600", async () => {
    const d = fresh();
    const [cert, key] = [join(d, "c.pem"), join(d, "k.pem")];
    expect((await ftpctl(["cert", "generate", "--cn", "localhost", "--key-type", "ec", "--cert", cert, "--key", key])).exitCode).toBe(0);
    const [oldCert, oldKey] = [readFileSync(cert, "utf8"), readFileSync(key, "utf8")];
    const r = await ftpctl(["cert", "generate", "--cn", "localhost", "--key-type", "ec", "--force", "--cert", cert, "--key", key]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`kept the replaced files as ${key}.bak and ${cert}.bak\n`);
    expect(readFileSync(`${cert}.bak`, "utf8")).toBe(oldCert);
    expect(readFileSync(`${key}.bak`, "utf8")).toBe(oldKey);
    expect(readFileSync(cert, "utf8")).not.toBe(oldCert);
    expect(mode(`${key}.bak`)).toBe("600");
    expect(mode(key)).toBe("600");
    expect(readdirSync(d).sort()).toEqual(["c.pem", "c.pem.bak", "k.pem", "k.pem.bak"]);
  });

  it("an EC key: ssl_ciphers=HIGH among the vsftpd.conf lines, its reason outside them", async () => {
    const d = fresh();
    const r = await ftpctl(["cert", "generate", "--cn", "localhost", "--key-type", "ec", "--cert", join(d, "c.pem"), "--key", join(d, "k.pem")]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`  rsa_private_key_file=${join(d, "k.pem")}\n  ssl_ciphers=HIGH\n\nssl_ciphers=HIGH: vsftpd's default list`);
    // Lines meant for vsftpd.conf carry no inline comment (vsftpd would read it as part of the value).
    const conf = r.stdout.split("for vsftpd.conf:\n")[1]!.split("\n\n")[0]!;
    expect(conf.split("\n").every((l) => /^  [a-z_]+=[^#\s]+$/.test(l))).toBe(true);
  });

  it("--json: the result as data", async () => {
    const d = fresh();
    const r = await ftpctl(["cert", "generate", "--cn", "localhost", "--san", "IP:::1", "--key-type", "ec", "--json", "--cert", join(d, "c.pem"), "--key", join(d, "k.pem")]);
    expect(r.exitCode, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({
      certificateFile: join(d, "c.pem"),
      keyFile: join(d, "k.pem"),
      backups: [],
      subject: "CN=localhost",
      subjectAltNames: ["DNS:localhost", "IP:::1"],
      selfSigned: true,
      ca: false,
      daysLeft: 365,
      key: { type: "ec", bits: 256, curve: "prime256v1" },
      extendedKeyUsage: ["1.3.6.1.5.5.7.3.1"],
    });
    expect(j.fingerprintSha256).toBe(new X509Certificate(readFileSync(join(d, "c.pem"))).fingerprint256);
    expect(r.stdout).not.toMatch(NO_KEYS);
  });

  it("one path for both: key and certificate in one 0600 file, as vsftpd reads it without rsa_private_key_file", async () => {
    const d = fresh();
    const both = join(d, "vsftpd.pem");
    const r = await ftpctl(["cert", "generate", "--cn", "localhost", "--key-type", "ec", "--cert", both, "--key", both]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(mode(both)).toBe("600");
    expect(r.stdout).not.toContain("rsa_private_key_file");
    const i = await ftpctl(["cert", "inspect", both]);
    expect(i.exitCode).toBe(0);
    expect(i.stdout).toMatch(/private key +EC P-256 \(in the same file\): matches/);
  });

  it("without --cn: this host's name is the CN and a SAN", async () => {
    const d = fresh();
    const r = await ftpctl(["cert", "generate", "--key-type", "ec", "--json", "--cert", join(d, "c.pem"), "--key", join(d, "k.pem")]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).subjectAltNames).toContain(`DNS:${hostname().split(".")[0]!.toLowerCase()}`);
  });

  it("--profile: paths from tls.cert and tls.key", async () => {
    const d = fresh();
    const profile = join(d, "ftpctl.yaml");
    writeFileSync(profile, `extends: [ftps]\ntls:\n  cert: ${join(d, "p.pem")}\n  key: ${join(d, "p.key")}\n`);
    const r = await ftpctl(["cert", "generate", "--cn", "localhost", "--key-type", "ec", "--profile", profile]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(mode(join(d, "p.key"))).toBe("600");
    expect(mode(join(d, "p.pem"))).toBe("644");
  });

  it("--profile with a broken profile: its problems, exit 1, nothing written", async () => {
    const d = fresh();
    const profile = join(d, "bad.yaml");
    writeFileSync(profile, "tls:\n  cert: 42\n  colour: blue\n");
    const r = await ftpctl(["cert", "generate", "--cn", "localhost", "--profile", profile]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${profile}:\\d+:\\d+: `, "m"));
    expect(r.stderr).toMatch(/the profile was not used/);
    expect(readdirSync(d)).toEqual(["bad.yaml"]);
  });

  it("--distro rhel: RHEL's paths (refused here, where /etc/pki/tls/private does not exist)", async () => {
    const r = await ftpctl(["cert", "generate", "--cn", "localhost", "--distro", "rhel"]);
    if (existsSync("/etc/pki/tls/private")) return;
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe("ftpctl: /etc/pki/tls/private/vsftpd.key: directory /etc/pki/tls/private does not exist\n");
  });
});

describe("cert inspect", () => {
  const d = fresh();
  const [cert, key, other] = [join(d, "c.pem"), join(d, "k.pem"), join(d, "o.pem")];

  it("describes a pair and exits 0; a key from another pair exits 1", async () => {
    expect((await ftpctl(["cert", "generate", "--cn", "localhost", "--key-type", "ec", "--cert", cert, "--key", key])).exitCode).toBe(0);
    expect((await ftpctl(["cert", "generate", "--cn", "localhost", "--key-type", "ec", "--cert", join(d, "o-cert.pem"), "--key", other])).exitCode).toBe(0);
    const ok = await ftpctl(["cert", "inspect", cert, "--key", key]);
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`^${cert}\n  subject +CN=localhost\n  names +DNS:localhost\n  issuer +CN=localhost \\(self-signed\\)\n`));
    expect(ok.stdout).toMatch(/\n  key +EC P-256\n  SHA-256 +([0-9A-F]{2}:){31}[0-9A-F]{2}\n/);
    expect(ok.stdout).toMatch(/ok: no problems found\n$/);
    const bad = await ftpctl(["cert", "inspect", cert, "--key", other]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toMatch(/private key +EC P-256 \(.*o\.pem\): does NOT match\n/);
    expect(bad.stdout).toContain("error: the private key does not belong to this certificate");
    expect(bad.stdout + bad.stderr).not.toMatch(NO_KEYS);
  });

  it("--json", async () => {
    const r = await ftpctl(["cert", "inspect", "--json", cert, "--key", key]);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ file: cert, keyFile: key, certificate: { commonName: "localhost" }, privateKey: { matches: true }, problems: [] });
  });

  it("a missing file exits 2; a file with no certificate exits 1", async () => {
    const gone = await ftpctl(["cert", "inspect", join(d, "gone.pem")]);
    expect(gone.exitCode).toBe(2);
    expect(gone.stderr).toBe(`ftpctl: ${join(d, "gone.pem")}: no such file\n`);
    writeFileSync(join(d, "empty.pem"), "nothing here\n");
    const none = await ftpctl(["cert", "inspect", join(d, "empty.pem")]);
    expect(none.exitCode).toBe(1);
    expect(none.stdout).toContain("error: no certificate");
    await execa("/usr/bin/openssl", ["x509", "-in", cert, "-outform", "der", "-out", join(d, "c.der")]);
    const der = await ftpctl(["cert", "inspect", join(d, "c.der")]);
    expect(der.exitCode).toBe(1);
    expect(der.stdout).toContain("error: no PEM certificate: this looks like DER, and vsftpd reads PEM");
  });
});

describe("cert csr", () => {
  it("writes the key 0600 and prints the request, which openssl verifies", async () => {
    const d = fresh();
    const key = join(d, "k.pem");
    const r = await ftpctl(["cert", "csr", "--cn", "ftp.example.org", "--san", "DNS:files.example.org", "--bits", "2048", "--key", key]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n[\s\S]+\n-----END CERTIFICATE REQUEST-----\n$/);
    expect(r.stderr).toContain(`wrote ${key}: RSA 2048-bit private key, mode 0600`);
    expect(mode(key)).toBe("600");
    const v = await execa("/usr/bin/openssl", ["req", "-noout", "-verify", "-text"], { input: r.stdout, reject: false });
    expect(v.exitCode).toBe(0);
    expect(`${v.stdout}${v.stderr}`).toContain("DNS:ftp.example.org, DNS:files.example.org");
  });

  it("-o writes the request 0644; existing files need --force", async () => {
    const d = fresh();
    const [key, csr] = [join(d, "k.pem"), join(d, "r.csr")];
    const r = await ftpctl(["cert", "csr", "--cn", "localhost", "--key-type", "ec", "--key", key, "-o", csr]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(mode(csr)).toBe("644");
    expect(r.stdout).toContain(`wrote ${csr}: certificate signing request`);
    const again = await ftpctl(["cert", "csr", "--cn", "localhost", "--key-type", "ec", "--key", key, "-o", csr]);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain("already exists; pass --force");
  });
});

describe("--help", () => {
  it.each(["generate", "inspect", "csr"])("cert %s --help shows its flags and examples", async (sub) => {
    const r = await ftpctl(["cert", sub, "--help"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`ftpctl cert ${sub}`);
    expect(r.stdout).toMatch(new RegExp(`Examples:\\n(  ftpctl cert ${sub}[^\\n]*\\n(?:  [^\\n]*\\n)*){2,}`));
  });
});
