/**
 * The certificates and requests x509.ts builds, read back by the real
 * openssl and by node:crypto.
 */
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKey, keySpec, type KeyPair } from "../../src/cert/keys.js";
import type { Subject } from "../../src/cert/names.js";
import { certificateRequest, selfSignedCertificate } from "../../src/cert/x509.js";
import { describeWithTools } from "../helpers/require-tool.js";

const OPENSSL = "/usr/bin/openssl";
const DAY = 86_400_000;
const dir = mkdtempSync(join(tmpdir(), "ftpctl-cert-x509-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const subject: Subject = {
  commonName: "localhost",
  sans: [
    { type: "dns", value: "localhost" },
    { type: "dns", value: "ftp.example.org" },
    { type: "ip", value: "127.0.0.1" },
    { type: "ip", value: "2001:db8::1" },
  ],
};

async function openssl(...args: string[]) {
  const r = await execa(OPENSSL, args, { reject: false, stdin: "ignore" });
  return { exitCode: r.exitCode ?? -1, out: `${r.stdout}\n${r.stderr}` };
}

function save(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const keys: Record<"rsa" | "ec", KeyPair | undefined> = { rsa: undefined, ec: undefined };
beforeAll(async () => {
  [keys.rsa, keys.ec] = await Promise.all([generateKey(keySpec("rsa", 2048)), generateKey(keySpec("ec", undefined))]);
});

describeWithTools("self-signed certificates, read by openssl", [OPENSSL], () => {
  for (const type of ["rsa", "ec"] as const) {
    describe(type, () => {
      let pem = "";
      let file = "";
      const now = new Date();
      beforeAll(() => {
        pem = selfSignedCertificate(keys[type]!, subject, { notBefore: now, notAfter: new Date(now.getTime() + 30 * DAY) });
        file = save(`${type}.pem`, pem);
      });

      it("verifies as its own trust anchor, also under -x509_strict and the sslserver purpose", async () => {
        for (const extra of [[], ["-x509_strict"], ["-purpose", "sslserver"], ["-verify_hostname", "ftp.example.org"], ["-verify_ip", "2001:db8::1"]]) {
          const r = await openssl("verify", ...extra, "-CAfile", file, file);
          expect(r.exitCode, `${extra.join(" ")}: ${r.out}`).toBe(0);
          expect(r.out).toContain(": OK");
        }
      });

      it("fails verification for a name it does not carry", async () => {
        const r = await openssl("verify", "-verify_hostname", "other.example.org", "-CAfile", file, file);
        expect(r.exitCode).not.toBe(0);
        expect(r.out).toMatch(/hostname mismatch/i);
      });

      it("carries the server extensions, with the right criticality", async () => {
        const r = await openssl("x509", "-in", file, "-noout", "-text");
        expect(r.exitCode).toBe(0);
        expect(r.out).toMatch(/Version: 3 \(0x2\)/);
        expect(r.out).toMatch(/Signature Algorithm: (sha256WithRSAEncryption|ecdsa-with-SHA256)/);
        expect(r.out).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/);
        expect(r.out).toMatch(type === "rsa" ? /X509v3 Key Usage: critical\s+Digital Signature, Key Encipherment\n/ : /X509v3 Key Usage: critical\s+Digital Signature\n/);
        expect(r.out).toMatch(/X509v3 Extended Key Usage: \s*\n\s+TLS Web Server Authentication\n/);
        expect(r.out).toContain("DNS:localhost, DNS:ftp.example.org, IP Address:127.0.0.1, IP Address:2001:DB8:0:0:0:0:0:1");
        expect(r.out).toMatch(/X509v3 Subject Key Identifier: \s*\n\s+([0-9A-F:]{59})\n[\s\S]*X509v3 Authority Key Identifier: \s*\n\s+\1\n/);
        expect(r.out).toMatch(type === "rsa" ? /Public-Key: \(2048 bit\)/ : /NIST CURVE: P-256/);
      });

      it("has a positive 128-bit random serial and the requested validity", () => {
        const x = new X509Certificate(pem);
        expect(x.serialNumber).toMatch(/^[0-9A-F]{30,32}$/);
        const serial = BigInt(`0x${x.serialNumber}`);
        expect(serial > 0n && serial < 1n << 128n).toBe(true);
        expect(new Date(x.validFrom).getTime()).toBe(Math.floor(now.getTime() / 1000) * 1000);
        expect(new Date(x.validTo).getTime() - new Date(x.validFrom).getTime()).toBe(30 * DAY);
        expect(x.checkPrivateKey(keys[type]!.privateKey)).toBe(true);
      });
    });
  }

  it("writes dates from 2050 on as GeneralizedTime (RFC 5280), which openssl reads", async () => {
    const from = new Date("2049-12-31T23:00:00Z");
    const pem = selfSignedCertificate(keys.ec!, subject, { notBefore: from, notAfter: new Date(from.getTime() + 10 * 365 * DAY) });
    const r = await openssl("x509", "-in", save("2050.pem", pem), "-noout", "-dates");
    expect(r.out).toContain("notBefore=Dec 31 23:00:00 2049 GMT");
    expect(r.out).toContain("notAfter=Dec 29 23:00:00 2059 GMT");
    const asn1 = await openssl("asn1parse", "-in", join(dir, "2050.pem"));
    expect(asn1.out).toMatch(/UTCTIME\s+:491231230000Z/);
    expect(asn1.out).toMatch(/GENERALIZEDTIME\s+:20591229230000Z/);
  });

  it("encodes a serial with the top bit set with its 0x00 pad, and a short one minimally", () => {
    const high = new X509Certificate(selfSignedCertificate(keys.ec!, subject, { notBefore: new Date(), notAfter: new Date(Date.now() + DAY) }, Buffer.alloc(16, 0xff)));
    expect(high.serialNumber).toBe("FF".repeat(16));
    const low = new X509Certificate(selfSignedCertificate(keys.ec!, subject, { notBefore: new Date(), notAfter: new Date(Date.now() + DAY) }, Buffer.from([0, 0, 1, 2])));
    expect(low.serialNumber).toBe("0102");
  });
});

describeWithTools("certificate signing requests, read by openssl", [OPENSSL], () => {
  for (const type of ["rsa", "ec"] as const) {
    it(`${type}: the self-signature verifies and the names and usages are requested`, async () => {
      const file = save(`${type}.csr`, certificateRequest(keys[type]!, subject));
      const r = await openssl("req", "-in", file, "-noout", "-verify", "-text");
      expect(r.exitCode, r.out).toBe(0);
      expect(r.out).toMatch(/verify OK/i);
      expect(r.out).toContain("Subject: CN = localhost");
      expect(r.out).toMatch(/Requested Extensions:/);
      expect(r.out).toContain("DNS:localhost, DNS:ftp.example.org, IP Address:127.0.0.1, IP Address:2001:DB8:0:0:0:0:0:1");
      expect(r.out).toContain("TLS Web Server Authentication");
      // A CA signs it: `openssl x509 -req` keeps the requested extensions with -copy_extensions.
      const ca = join(dir, `${type}-ca`);
      await openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", `${ca}.key`, "-out", `${ca}.pem`, "-days", "1", "-subj", "/CN=Test CA");
      const signed = await openssl("x509", "-req", "-in", file, "-CA", `${ca}.pem`, "-CAkey", `${ca}.key`, "-copy_extensions", "copy", "-days", "1", "-out", join(dir, `${type}-signed.pem`));
      expect(signed.exitCode, signed.out).toBe(0);
      const v = await openssl("verify", "-purpose", "sslserver", "-verify_hostname", "ftp.example.org", "-CAfile", `${ca}.pem`, join(dir, `${type}-signed.pem`));
      expect(v.exitCode, v.out).toBe(0);
    });
  }
});
