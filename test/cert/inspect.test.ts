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
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(d, "a2.key"), "-out", join(d, "a2.pem"), "-days", "90", "-subj", "/CN=a2.example", "-addext", "subjectAltName=DNS:a2.example");
    openssl("x509", "-in", join(d, "a.pem"), "-addtrust", "serverAuth", "-out", join(d, "trusted.pem"));
    const read = (f: string) => readFileSync(join(d, f), "utf8");
    return { a: read("a.pem"), aKey: read("a.key"), a2Key: read("a2.key"), b: read("b.pem"), bKey: read("b.key"), encKey: read("enc.key"), c: read("c.pem"), trusted: read("trusted.pem") };
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
}

const pki = opensslPki();
const codes = (r: { problems: readonly { code: CertProblemCode }[] }) => r.problems.map((p) => p.code);
const corrupt = "-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n";
const cutOff = (pem: string) => pem.split("\n").slice(0, 4).join("\n") + "\n";

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

  it("says whether vsftpd refuses a mismatched key: only one of the certificate's type", () => {
    // OpenSSL files keys by type: a key of the certificate's type is checked against it, another is filed apart.
    expect(inspectCertificate(pki.a, pki.a2Key).problems).toEqual([
      expect.objectContaining({ code: "key-mismatch", stopsVsftpd: true, detail: "the key belongs to another certificate" }),
    ]);
    expect(inspectCertificate(pki.a, pki.bKey).problems).toEqual([
      expect.objectContaining({ code: "key-mismatch", severity: "error", stopsVsftpd: false, detail: "an EC key for an RSA certificate", message: expect.stringMatching(/^the private key does not belong to this certificate \(an EC key for an RSA certificate\): vsftpd starts/) }),
    ]);
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
    // To the nearest day, in the message and in daysLeft alike.
    for (const t of [to - 10 * DAY - 3 * 3600_000, to - 10 * DAY + 3 * 3600_000]) {
      expect(at(t).problems[0]!.detail).toMatch(/, in 10 days$/);
      expect(at(t).certificate!.daysLeft).toBe(10);
    }
    const gone = at(to + 3 * DAY);
    expect(codes(gone)).toEqual(["expired"]);
    expect(gone.problems[0]!.message).toMatch(/expired on \d{4}-\d\d-\d\d, 3 days ago/);
    expect(gone.certificate!.daysLeft).toBe(-3);
    expect(codes(at(from - DAY))).toEqual(["not-yet-valid"]);
  });

  it("reports a missing certificate and an unparsable one instead of throwing", () => {
    expect(inspectCertificate("")).toEqual({
      certificate: null,
      privateKey: null,
      problems: [{ code: "missing", severity: "error", stopsVsftpd: true, detail: "no PEM certificate in it", message: "no certificate: the text has no -----BEGIN CERTIFICATE----- block" }],
    });
    expect(codes(inspectCertificate(pki.aKey))).toEqual(["missing"]);
    expect(inspectCertificate(corrupt).problems).toEqual([expect.objectContaining({ code: "unparsable", stopsVsftpd: true, detail: expect.stringMatching(/^certificate 1 does not parse \(.+\)$/) })]);
    const der = Buffer.from(pki.a.split("\n").filter((l) => l && !l.startsWith("-----")).join(""), "base64").toString("latin1");
    expect(inspectCertificate(der).problems[0]).toMatchObject({ code: "missing", detail: expect.stringContaining("it looks like DER") });
  });

  it("reads the certificate file as a chain, as vsftpd's OpenSSL does", () => {
    const relabel = (pem: string, label: string) => pem.replaceAll("CERTIFICATE-----", `${label}-----`);
    // The chain fails as a whole, but the server's certificate is still described.
    const chainBad = inspectCertificate(pki.a + corrupt, pki.aKey);
    expect(chainBad.problems).toEqual([expect.objectContaining({ code: "unparsable", detail: expect.stringMatching(/^certificate 2 does not parse/) })]);
    expect(chainBad.certificate).toMatchObject({ commonName: "a.example" });
    expect(codes(inspectCertificate(pki.a + relabel(corrupt, "X509 CERTIFICATE")))).toEqual(["unparsable"]);
    expect(codes(inspectCertificate(relabel(corrupt, "TRUSTED CERTIFICATE") + pki.a))).toEqual(["unparsable"]);
    // TRUSTED blocks count only first; after it they are passed over like a key.
    expect(codes(inspectCertificate(pki.a + relabel(corrupt, "TRUSTED CERTIFICATE")))).toEqual([]);
    const trusted = inspectCertificate(pki.trusted + pki.b, pki.aKey);
    expect(trusted.problems).toEqual([]);
    expect(trusted.certificate).toMatchObject({ commonName: "a.example", chainLength: 2 });
    expect(inspectCertificate(relabel(pki.a, "X509 CERTIFICATE")).certificate).toMatchObject({ commonName: "a.example" });
  });

  it("fails a certificate file with any block cut off", () => {
    expect(inspectCertificate(pki.a + cutOff(pki.b)).problems).toEqual([expect.objectContaining({ code: "unparsable", detail: "certificate 2 is cut off (no -----END CERTIFICATE----- line)" })]);
    expect(inspectCertificate(cutOff(pki.bKey) + pki.a).problems[0]!.detail).toBe("the PRIVATE KEY block is cut off (no -----END PRIVATE KEY----- line)");
  });

  it("takes the first private key that decodes, as vsftpd's OpenSSL does", () => {
    const corruptKey = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
    expect(inspectCertificate(pki.a, corruptKey + pki.aKey).problems).toEqual([]);
    expect(inspectCertificate(pki.a, corruptKey).problems).toEqual([expect.objectContaining({ code: "key-unusable", stopsVsftpd: true, detail: expect.stringMatching(/^the key does not parse/) })]);
    expect(codes(inspectCertificate(pki.a, pki.bKey + pki.aKey))).toEqual(["key-mismatch"]);
    expect(codes(inspectCertificate(pki.a, pki.encKey + pki.aKey))).toEqual(["key-unusable"]);
    expect(inspectCertificate(pki.a, cutOff(pki.bKey) + pki.aKey).problems[0]!.detail).toMatch(/^the key is cut off/);
    expect(inspectCertificate(pki.a, pki.aKey + cutOff(pki.bKey)).problems).toEqual([]);
  });

  it("marks what vsftpd itself refuses: never dates, names or key usage", () => {
    const to = new Date(inspectCertificate(pki.c).certificate!.notAfter).getTime();
    const r = inspectCertificate(pki.c, undefined, new Date(to + DAY));
    expect(r.problems.map((p) => [p.code, p.stopsVsftpd])).toEqual([["expired", false], ["not-server-auth", false]]);
    expect(inspectCertificate(pki.b, pki.bKey).problems).toEqual([expect.objectContaining({ code: "no-san", stopsVsftpd: false, detail: "no subjectAltName" })]);
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
