/**
 * Self-signed X.509 v3 certificates and PKCS#10 requests.
 *
 * Who does what:
 * - node:crypto (native OpenSSL) generates the key (keys.ts), exports its
 *   SubjectPublicKeyInfo, and makes the signature: `sign("sha256", der, key)`
 *   over the DER of the to-be-signed part.
 * - node-forge's ASN.1 API builds that to-be-signed part (TBSCertificate, or
 *   CertificationRequestInfo for a CSR), then assembles the signed structure
 *   around the native signature, and writes the PEM.
 *
 * Why not forge's certificate objects (`pki.createCertificate().sign()`):
 * they sign with forge's own pure-JS RSA, which cannot use EC keys at all and
 * is slow for 3072- and 4096-bit keys, and they need the key as a forge RSA
 * object. Building the ASN.1 directly lets any key node:crypto makes sign.
 */
import { createHash, randomBytes, sign, X509Certificate } from "node:crypto";
import { FtpctlError } from "../core/errors.js";
import {
  bitString,
  bool,
  fromDer,
  flagBits,
  implicit,
  nul,
  octets,
  oid,
  seq,
  set,
  smallInt,
  tagged,
  time,
  toDer,
  toPem,
  unsignedInt,
  utf8,
  type Asn1,
} from "./forge.js";
import type { KeyPair } from "./keys.js";
import { ipBytes, type San, type Subject } from "./names.js";

const OID = {
  commonName: "2.5.4.3",
  sha256WithRSA: "1.2.840.113549.1.1.11",
  ecdsaWithSHA256: "1.2.840.10045.4.3.2",
  basicConstraints: "2.5.29.19",
  keyUsage: "2.5.29.15",
  extKeyUsage: "2.5.29.37",
  subjectAltName: "2.5.29.17",
  subjectKeyIdentifier: "2.5.29.14",
  authorityKeyIdentifier: "2.5.29.35",
  serverAuth: "1.3.6.1.5.5.7.3.1",
  extensionRequest: "1.2.840.113549.1.9.14",
} as const;

export interface Validity {
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** RFC 5280 4.1.1.2; RSA carries an explicit NULL parameter, ECDSA none (RFC 5758). */
function signatureAlgorithm(pair: KeyPair): Asn1 {
  return pair.spec.type === "rsa" ? seq([oid(OID.sha256WithRSA), nul()]) : seq([oid(OID.ecdsaWithSHA256)]);
}

const name = (cn: string): Asn1 => seq([set([seq([oid(OID.commonName), utf8(cn)])])]);

function extension(id: string, critical: boolean, value: Asn1): Asn1 {
  return seq([oid(id), ...(critical ? [bool(true)] : []), octets(toDer(value))]);
}

/**
 * keyUsage as a DER BIT STRING: trailing zero bits dropped, their count in
 * the first byte. digitalSignature is bit 0 (0x80), keyEncipherment bit 2
 * (0x20): RSA needs the latter for TLS 1.2 RSA key exchange, EC never.
 */
const keyUsage = (pair: KeyPair): Asn1 => (pair.spec.type === "rsa" ? flagBits(5, [0xa0]) : flagBits(7, [0x80]));

const subjectAltName = (sans: readonly San[]): Asn1 =>
  seq(sans.map((s) => (s.type === "dns" ? implicit(2, s.value) : implicit(7, ipBytes(s.value).toString("latin1")))));

/** RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING's bytes. */
function keyIdentifier(spki: Asn1): Buffer {
  const bits = (spki.value as Asn1[])[1]!.value as string;
  return createHash("sha1").update(Buffer.from(bits.slice(1), "latin1")).digest();
}

/**
 * The leaf's extensions. CA:FALSE and no keyCertSign: this is a server
 * certificate, not a CA. Clients and `openssl verify -CAfile cert.pem
 * cert.pem` still accept it as its own trust anchor, because OpenSSL (1.1.0
 * on) trusts a certificate found as-is in the trust store without asking it
 * to be a CA; asserting keyCertSign would break RFC 5280 4.2.1.3, which
 * allows that bit only together with cA TRUE.
 */
function serverExtensions(pair: KeyPair, subject: Subject, spki: Asn1 | undefined): Asn1[] {
  const exts = [
    extension(OID.basicConstraints, true, seq([])),
    extension(OID.keyUsage, true, keyUsage(pair)),
    extension(OID.extKeyUsage, false, seq([oid(OID.serverAuth)])),
    // Non-critical: the subject DN is not empty (RFC 5280 4.2.1.6).
    extension(OID.subjectAltName, false, subjectAltName(subject.sans)),
  ];
  if (spki) {
    const id = keyIdentifier(spki);
    exts.push(extension(OID.subjectKeyIdentifier, false, octets(id)));
    // Self-signed, so the authority key is the subject key; path builders match on it.
    exts.push(extension(OID.authorityKeyIdentifier, false, seq([implicit(0, id.toString("latin1"))])));
  }
  return exts;
}

/** A random positive 128-bit serial (RFC 5280 allows up to 20 octets; CAs/B Forum asks for 64+ random bits). */
export const randomSerial = (): Buffer => randomBytes(16);

function signed(toBeSigned: Asn1, pair: KeyPair): Buffer {
  const tbs = toDer(toBeSigned);
  // Native OpenSSL: PKCS#1 v1.5 for RSA, DER-encoded ECDSA (r, s) for EC; both what X.509 expects.
  const signature = sign("sha256", tbs, pair.privateKey);
  return toDer(seq([toBeSigned, signatureAlgorithm(pair), bitString(signature)]));
}

export function selfSignedCertificate(pair: KeyPair, subject: Subject, validity: Validity, serial = randomSerial()): string {
  const spki = fromDer(pair.publicKey.export({ type: "spki", format: "der" }));
  const dn = name(subject.commonName);
  const tbs = seq([
    tagged(0, [smallInt(2)]), // v3
    unsignedInt(serial),
    signatureAlgorithm(pair),
    dn, // issuer: self-signed
    seq([time(validity.notBefore), time(validity.notAfter)]),
    dn,
    spki,
    tagged(3, [seq(serverExtensions(pair, subject, spki))]),
  ]);
  const pem = toPem("CERTIFICATE", signed(tbs, pair));
  selfCheck(pem, pair);
  return pem;
}

/** PKCS#10 (RFC 2986) with the names and usages requested as extensions; the CA adds the rest. */
export function certificateRequest(pair: KeyPair, subject: Subject): string {
  const spki = fromDer(pair.publicKey.export({ type: "spki", format: "der" }));
  const extensionRequest = seq([oid(OID.extensionRequest), set([seq(serverExtensions(pair, subject, undefined))])]);
  const info = seq([smallInt(0), name(subject.commonName), spki, tagged(0, [extensionRequest])]);
  return toPem("CERTIFICATE REQUEST", signed(info, pair));
}

/** An encoder bug must never reach vsftpd: the result must parse, verify and match its key. */
function selfCheck(pem: string, pair: KeyPair): void {
  let ok = false;
  try {
    const x = new X509Certificate(pem);
    ok = x.verify(pair.publicKey) && x.checkPrivateKey(pair.privateKey);
  } catch {
    ok = false;
  }
  if (!ok) throw new FtpctlError("internal error: the generated certificate does not verify against its own key (please report this)");
}
