/**
 * What a certificate file says and what is wrong with it, as data: the one
 * analysis behind `ftpctl cert inspect` and the host lint rule VSF803, kept
 * free of I/O and of the clock (pass `now`).
 *
 * Files are read as vsftpd has OpenSSL 3 read them (each point checked
 * against /usr/sbin/vsftpd on Debian 12):
 * - The certificate file is a chain (SSL_CTX_use_certificate_chain_file).
 *   The first CERTIFICATE, X509 CERTIFICATE or TRUSTED CERTIFICATE block is
 *   the server's; CERTIFICATE and X509 CERTIFICATE blocks after it are its
 *   chain, and TRUSTED ones after it are passed over, like any other block (a
 *   key). One of them that does not parse, or any block cut off, fails the load.
 * - The key (SSL_CTX_use_PrivateKey_file) is the first private-key block that
 *   decodes. One that does not decode is passed over; an encrypted one fails
 *   the load (vsftpd has no passphrase to give), and so does a block cut off
 *   before the key.
 * - OpenSSL files a certificate and a key by key type. A key of the
 *   certificate's type that does not match it fails the load; a key of another
 *   type is filed apart, so vsftpd starts and TLS handshakes with the
 *   certificate fail.
 */
import { X509Certificate, type KeyObject } from "node:crypto";
import { loadChain, loadKey, type ChainLoad, type KeyLoad } from "./pem.js";

export { loadChain, loadKey, pemBlocks, type ChainLoad, type KeyLoad, type PemBlock } from "./pem.js";

const DAY = 86_400_000;
/** Warn when fewer days than this are left: enough for a renewal by hand. */
export const EXPIRY_WARNING_DAYS = 30;
const SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

export type CertProblemCode =
  | "missing"
  | "unparsable"
  | "key-missing"
  | "key-unusable"
  | "key-mismatch"
  | "expired"
  | "not-yet-valid"
  | "expiring"
  | "no-san"
  | "not-server-auth";

export interface CertProblem {
  readonly code: CertProblemCode;
  /** error: TLS clients that verify (or vsftpd itself) will refuse; warning: act soon. */
  readonly severity: "error" | "warning";
  /** vsftpd itself refuses to start with the file; it never looks at dates, names or key usage. */
  readonly stopsVsftpd: boolean;
  readonly message: string;
  /**
   * The finding alone, in a few words ("no PEM private key in it", "expires
   * on 2025-06-30, in 10 days"), for a caller that names the file and says the
   * consequence itself.
   */
  readonly detail: string;
}

export interface KeyInfo {
  /** node:crypto's asymmetricKeyType: rsa, ec, ed25519, dsa, ... */
  readonly type: string;
  readonly bits: number | null;
  readonly curve: string | null;
}

export interface CertificateInfo {
  readonly subject: string;
  readonly commonName: string | null;
  /** `DNS:name` and `IP:address` entries (other kinds as the certificate spells them). */
  readonly subjectAltNames: readonly string[];
  readonly issuer: string;
  readonly selfSigned: boolean;
  readonly ca: boolean;
  readonly notBefore: string;
  readonly notAfter: string;
  /** Days until notAfter, to the nearest whole day; negative once expired. */
  readonly daysLeft: number;
  readonly key: KeyInfo;
  readonly fingerprintSha256: string;
  readonly serialNumber: string;
  /** extendedKeyUsage OIDs; null when the certificate has none (any use). */
  readonly extendedKeyUsage: readonly string[] | null;
  /** Certificates vsftpd loads from the text; the first is the server's, the rest its chain. */
  readonly chainLength: number;
}

export interface Inspection {
  /** The server's certificate; also there with an "unparsable" problem when it parses but the rest of the file fails. */
  readonly certificate: CertificateInfo | null;
  /** The key inspected, when one was given or the certificate text holds one. */
  readonly privateKey: (KeyInfo & { readonly matches: boolean }) | null;
  readonly problems: readonly CertProblem[];
}

const CURVE_BITS: Readonly<Record<string, number>> = { prime256v1: 256, secp384r1: 384, secp521r1: 521 };

function keyInfo(k: KeyObject): KeyInfo {
  const d = k.asymmetricKeyDetails ?? {};
  const curve = d.namedCurve ?? null;
  const fixed: Readonly<Record<string, number>> = { ed25519: 256, ed448: 456, x25519: 256 };
  return { type: k.asymmetricKeyType ?? "unknown", bits: d.modulusLength ?? (curve ? CURVE_BITS[curve] ?? null : fixed[k.asymmetricKeyType ?? ""] ?? null), curve };
}

/** Node spells IPv6 SANs in full ("0:0:0:0:0:0:0:1"); show them as people write them. */
function tidySan(entry: string): string {
  const m = /^IP Address:(.*)$/.exec(entry);
  if (!m) return entry;
  const ip = m[1]!;
  return `IP:${ip.includes(":") ? new URL(`http://[${ip}]/`).hostname.slice(1, -1) : ip}`;
}

function sans(x: X509Certificate): string[] {
  if (x.subjectAltName === undefined) return [];
  // Entries are ", "-separated; a value holding ", " is JSON-quoted by Node, so split only before a "Kind:".
  return x.subjectAltName.split(/, (?=(?:DNS|IP Address|email|URI|DirName|Registered ID|othername):)/).map(tidySan);
}

const oneLine = (dn: string): string => dn.split("\n").filter(Boolean).join(", ");
const day = (d: Date): string => d.toISOString().slice(0, 10);
/** To the nearest day: a certificate made for 90 days has 90 left, not 89, a moment later. */
const days = (ms: number): number => Math.round(ms / DAY) || 0;
const typeName = (t: string): string => t.toUpperCase();
/** Key types are read letter by letter: "an RSA key", "a DSA key". */
const an = (name: string): string => `${/^[AEFHILMNORSX]/.test(name) ? "an" : "a"} ${name}`;

function problem(code: CertProblemCode, severity: CertProblem["severity"], detail: string, message = detail, stopsVsftpd = false): CertProblem {
  return { code, severity, stopsVsftpd, message, detail };
}

/** vsftpd stops at the certificate, so the key and the dates do not matter yet. */
function loadProblem(chain: Extract<ChainLoad, { ok: false }>, text: string): CertProblem {
  if (chain.code === "unparsable") return problem("unparsable", "error", chain.why, `${chain.why}: vsftpd cannot load the file`, true);
  // A DER file starts with a SEQUENCE tag (0x30); vsftpd, like most servers, reads PEM only.
  if (text.charCodeAt(0) === 0x30 && !text.includes("-----BEGIN")) {
    const convert = "convert it with openssl x509 -inform der -in FILE -out FILE.pem";
    return problem("missing", "error", `${chain.why} (it looks like DER: ${convert})`, `no PEM certificate: this looks like DER, and vsftpd reads PEM (${convert})`, true);
  }
  return problem("missing", "error", chain.why, "no certificate: the text has no -----BEGIN CERTIFICATE----- block", true);
}

function validityProblems(from: Date, to: Date, now: Date): CertProblem[] {
  const left = to.getTime() - now.getTime();
  if (left < 0) {
    const ago = days(-left);
    const detail = `expired on ${day(to)}${ago ? `, ${ago} day${ago === 1 ? "" : "s"} ago` : ""}`;
    return [problem("expired", "error", detail, `${detail}: TLS clients that verify refuse it`)];
  }
  if (from.getTime() > now.getTime()) {
    const detail = `not valid before ${day(from)}`;
    return [problem("not-yet-valid", "error", detail, `${detail}: TLS clients that verify refuse it until then (is a clock wrong?)`)];
  }
  if (left < EXPIRY_WARNING_DAYS * DAY) return [problem("expiring", "warning", `expires on ${day(to)}, in ${days(left)} days`)];
  return [];
}

function keyProblems(x: X509Certificate, loaded: KeyLoad, required: boolean): { problems: CertProblem[]; privateKey: Inspection["privateKey"] } {
  if (loaded === undefined) {
    const problems = required ? [problem("key-missing", "error", "no PEM private key in it", "no private key: the key text has no -----BEGIN PRIVATE KEY----- block", true)] : [];
    return { problems, privateKey: null };
  }
  if (!loaded.ok) {
    const message = `the private key cannot be used: ${loaded.encrypted ? "it is encrypted, and vsftpd cannot ask for a passphrase" : loaded.why}`;
    return { problems: [problem("key-unusable", "error", loaded.why, message, true)], privateKey: null };
  }
  let matches = false;
  try {
    matches = x.checkPrivateKey(loaded.key);
  } catch {
    // A key of another type (EC key, RSA certificate) throws rather than answering false.
  }
  const privateKey = { ...keyInfo(loaded.key), matches };
  if (matches) return { problems: [], privateKey };
  const certType = x.publicKey.asymmetricKeyType ?? "unknown";
  if (privateKey.type === certType) {
    const message = "the private key does not belong to this certificate: vsftpd refuses to start (SSL: cannot load RSA private key)";
    return { problems: [problem("key-mismatch", "error", "the key belongs to another certificate", message, true)], privateKey };
  }
  const detail = `${an(typeName(privateKey.type))} key for ${an(typeName(certType))} certificate`;
  const message = `the private key does not belong to this certificate (${detail}): vsftpd starts, but OpenSSL files keys by type, so the certificate has no key and TLS handshakes that would use it fail`;
  return { problems: [problem("key-mismatch", "error", detail, message)], privateKey };
}

function certificateInfo(x: X509Certificate, chainLength: number, now: Date): CertificateInfo {
  const to = new Date(x.validTo);
  return {
    subject: oneLine(x.subject),
    commonName: /^CN=(.*)$/m.exec(x.subject)?.[1] ?? null,
    subjectAltNames: sans(x),
    issuer: oneLine(x.issuer),
    // Not checkIssued(): OpenSSL says no for a leaf whose keyUsage lacks keyCertSign, self-signed or not.
    selfSigned: x.subject === x.issuer && x.verify(x.publicKey),
    ca: x.ca,
    notBefore: new Date(x.validFrom).toISOString(),
    notAfter: to.toISOString(),
    daysLeft: days(to.getTime() - now.getTime()),
    key: keyInfo(x.publicKey),
    fingerprintSha256: x.fingerprint256,
    serialNumber: x.serialNumber.toLowerCase(),
    // Node names extendedKeyUsage "keyUsage".
    extendedKeyUsage: x.keyUsage ?? null,
    chainLength,
  };
}

/**
 * `certPem`: the certificate file's text (a chain, or certificate and key
 * together, are fine). `keyPem`: the key file's text; when omitted, a key in
 * `certPem` is checked if there is one. vsftpd takes the key from its
 * certificate file when no key file is set: pass that text as `keyPem` too to
 * require a key there.
 */
export function inspectCertificate(certPem: string, keyPem?: string, now: Date = new Date()): Inspection {
  const chain = loadChain(certPem);
  if (!chain.ok) return { certificate: chain.leaf ? certificateInfo(chain.leaf, 1, now) : null, privateKey: null, problems: [loadProblem(chain, certPem)] };
  const x = chain.leaf;
  const certificate = certificateInfo(x, chain.length, now);
  const problems = validityProblems(new Date(x.validFrom), new Date(x.validTo), now);
  if (certificate.subjectAltNames.length === 0) {
    problems.push(problem("no-san", "warning", "no subjectAltName", "no subjectAltName: TLS clients match the host name only against subjectAltName, so they refuse it"));
  }
  const eku = certificate.extendedKeyUsage;
  if (eku !== null && !eku.includes(SERVER_AUTH)) {
    problems.push(problem("not-server-auth", "error", "an extendedKeyUsage without serverAuth", "its extendedKeyUsage does not include serverAuth: TLS clients refuse it for a server"));
  }
  const key = keyProblems(x, loadKey(keyPem ?? certPem), keyPem !== undefined);
  return { certificate, privateKey: key.privateKey, problems: [...problems, ...key.problems] };
}
