/**
 * inspectCertificate() on real material: certificates from openssl (the
 * SAN-less and encrypted cases ftpctl never makes) and from x509.ts.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXPIRY_WARNING_DAYS, inspectCertificate, type CertProblemCode } from "../../src/cert/inspect.js";
import { generateKey, keySpec } from "../../src/cert/keys.js";
import { selfSignedCertificate } from "../../src/cert/x509.js";

const DAY = 86_400_000;

function opensslPki() {
  const d = mkdtempSync(join(tmpdir(), "ftpctl-cert-inspect-"));
  const openssl = (...args: string[]) => execFileSync("/usr/bin/openssl", args, { stdio: ["ignore", "ignore", "pipe"] });
  try {
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(d, "a.key"), "-out", join(d, "a.pem"), "-days", "90", "-subj", "/CN=a.example", "-addext", "subjectAltName=DNS:a.example,IP:192.0.2.1,IP:::1");
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384", "-nodes", "-keyout", join(d, "b.key"), "-out", join(d, "b.pem"), "-days", "90", "-subj", "/CN=b.example/O=B Org");
    openssl("pkey", "-in", join(d, "a.key"), "-aes256", "-passout", "pass:secret", "-out", join(d, "enc.key"));
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(d, "c.key"), "-out", join(d, "c.pem"), "-days", "90", "-subj", "/CN=c.example", "-addext", "subjectAltName=DNS:c.example", "-addext", "extendedKeyUsage=clientAuth");
    const read = (f: string) => readFileSync(join(d, f), "utf8");
    return { a: read("a.pem"), aKey: read("a.key"), b: read("b.pem"), bKey: read("b.key"), encKey: read("enc.key"), c: read("c.pem") };
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
}

const pki = opensslPki();
const codes = (r: { problems: readonly { code: CertProblemCode }[] }) => r.problems.map((p) => p.code);

describe("inspectCertificate", () => {
  it("describes a certificate and its matching key", () => {
    const r = inspectCertificate(pki.a, pki.aKey);
    expect(r.problems).toEqual([]);
    expect(r.certificate).toMatchObject({
      subject: "CN=a.example",
      commonName: "a.example",
      subjectAltNames: ["DNS:a.example", "IP:192.0.2.1", "IP:::1"],
      issuer: "CN=a.example",
      selfSigned: true,
      key: { type: "rsa", bits: 2048, curve: null },
      chainLength: 1,
      extendedKeyUsage: null,
    });
    expect(r.certificate!.daysLeft).toBe(90);
    expect(r.certificate!.fingerprintSha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(r.privateKey).toEqual({ type: "rsa", bits: 2048, curve: null, matches: true });
  });

  it("flags a key from another pair, of the same or another type", () => {
    expect(codes(inspectCertificate(pki.a, pki.bKey))).toEqual(["key-mismatch"]);
    const r = inspectCertificate(pki.b, pki.aKey);
    expect(codes(r)).toEqual(["no-san", "key-mismatch"]);
    expect(r.privateKey).toMatchObject({ type: "rsa", matches: false });
  });

  it("flags a certificate without subjectAltName", () => {
    const r = inspectCertificate(pki.b, pki.bKey);
    expect(codes(r)).toEqual(["no-san"]);
    expect(r.problems[0]!.severity).toBe("warning");
    expect(r.certificate).toMatchObject({ subject: "CN=b.example, O=B Org", subjectAltNames: [], key: { type: "ec", bits: 384, curve: "secp384r1" } });
  });

  it("flags expired, expiring and not-yet-valid certificates by the clock it is given", () => {
    const to = new Date(inspectCertificate(pki.a).certificate!.notAfter).getTime();
    const from = new Date(inspectCertificate(pki.a).certificate!.notBefore).getTime();
    const at = (t: number) => inspectCertificate(pki.a, undefined, new Date(t));
    expect(codes(at(to - (EXPIRY_WARNING_DAYS + 1) * DAY))).toEqual([]);
    const soon = at(to - 10 * DAY + 1000);
    expect(codes(soon)).toEqual(["expiring"]);
    expect(soon.problems[0]).toMatchObject({ severity: "warning", message: expect.stringMatching(/^expires on \d{4}-\d\d-\d\d, in 10 days$/) });
    const gone = at(to + 3 * DAY);
    expect(codes(gone)).toEqual(["expired"]);
    expect(gone.problems[0]!.message).toMatch(/expired on \d{4}-\d\d-\d\d, 3 days ago/);
    expect(gone.certificate!.daysLeft).toBe(-3);
    expect(codes(at(from - DAY))).toEqual(["not-yet-valid"]);
  });

  it("reports a missing certificate and an unparsable one instead of throwing", () => {
    expect(inspectCertificate("")).toEqual({ certificate: null, privateKey: null, problems: [expect.objectContaining({ code: "missing", severity: "error" })] });
    expect(codes(inspectCertificate(pki.aKey))).toEqual(["missing"]);
    expect(codes(inspectCertificate("-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n"))).toEqual(["unparsable"]);
  });

  it("finds the key in the certificate file when no key text is given, as vsftpd does", () => {
    expect(inspectCertificate(pki.aKey + pki.a).privateKey).toMatchObject({ matches: true });
    expect(codes(inspectCertificate(pki.a + pki.bKey))).toEqual(["key-mismatch"]);
    expect(inspectCertificate(pki.a).privateKey).toBeNull();
  });

  it("flags a key file without a key, and an encrypted key vsftpd cannot load", () => {
    expect(codes(inspectCertificate(pki.a, pki.b))).toEqual(["key-missing"]);
    const r = inspectCertificate(pki.a, pki.encKey);
    expect(codes(r)).toEqual(["key-unusable"]);
    expect(r.problems[0]!.message).toMatch(/encrypted.*passphrase/);
  });

  it("counts a chain and describes its first certificate", () => {
    const r = inspectCertificate(pki.a + pki.b);
    expect(r.certificate).toMatchObject({ commonName: "a.example", chainLength: 2 });
  });

  it("flags an extendedKeyUsage without serverAuth", () => {
    expect(codes(inspectCertificate(pki.c))).toEqual(["not-server-auth"]);
  });

  it("passes a certificate ftpctl made, RSA or EC, with its days left rounded up", async () => {
    for (const spec of [keySpec("rsa", 2048), keySpec("ec", undefined)]) {
      const pair = await generateKey(spec);
      const now = new Date();
      const pem = selfSignedCertificate(pair, { commonName: "x.example", sans: [{ type: "dns", value: "x.example" }] }, { notBefore: now, notAfter: new Date(now.getTime() + 365 * DAY) });
      const r = inspectCertificate(pem, pair.privateKey.export({ type: "pkcs8", format: "pem" }) as string, new Date(now.getTime() + 5000));
      expect(r.problems).toEqual([]);
      expect(r.certificate).toMatchObject({ selfSigned: true, ca: false, daysLeft: 365, extendedKeyUsage: ["1.3.6.1.5.5.7.3.1"] });
      expect(r.privateKey!.matches).toBe(true);
    }
  });
});
