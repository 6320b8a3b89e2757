/**
 * What a certificate file says and what is wrong with it, as data: the
 * analysis behind `ftpctl cert inspect`, kept free of I/O and of the clock
 * (pass `now`) so the host lint rule VSF803 can use it on any file text.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";

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
  readonly message: string;
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
  /** Whole days until notAfter, rounded up; negative once expired. */
  readonly daysLeft: number;
  readonly key: KeyInfo;
  readonly fingerprintSha256: string;
  readonly serialNumber: string;
  /** extendedKeyUsage OIDs; null when the certificate has none (any use). */
  readonly extendedKeyUsage: readonly string[] | null;
  /** Certificates in the text; the first is the server's, the rest its chain. */
  readonly chainLength: number;
}

export interface Inspection {
  readonly certificate: CertificateInfo | null;
  /** The key inspected, when one was given or the certificate text holds one. */
  readonly privateKey: (KeyInfo & { readonly matches: boolean }) | null;
  readonly problems: readonly CertProblem[];
}

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const KEY_BLOCK = /-----BEGIN ((?:RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY)-----[\s\S]*?-----END \1-----/;

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

function loadKey(text: string): { key: KeyObject } | { why: string } | undefined {
  const block = KEY_BLOCK.exec(text);
  if (!block) return undefined;
  if (block[1] === "ENCRYPTED PRIVATE KEY" || /Proc-Type: 4,ENCRYPTED/.test(block[0])) {
    return { why: "it is encrypted, and vsftpd cannot ask for a passphrase" };
  }
  try {
    return { key: createPrivateKey(block[0]) };
  } catch (err) {
    return { why: `it does not parse (${(err as Error).message})` };
  }
}

function validityProblems(from: Date, to: Date, now: Date): CertProblem[] {
  const left = to.getTime() - now.getTime();
  if (left < 0) return [{ code: "expired", severity: "error", message: `expired on ${day(to)}, ${Math.floor(-left / DAY)} days ago: TLS clients that verify refuse it` }];
  if (from.getTime() > now.getTime()) return [{ code: "not-yet-valid", severity: "error", message: `not valid before ${day(from)}: TLS clients that verify refuse it until then (is a clock wrong?)` }];
  if (left < EXPIRY_WARNING_DAYS * DAY) return [{ code: "expiring", severity: "warning", message: `expires on ${day(to)}, in ${Math.ceil(left / DAY)} days` }];
  return [];
}

/**
 * `certPem`: the certificate file's text (a chain, or certificate and key
 * together, are fine). `keyPem`: the key file's text; when omitted, a key
 * in `certPem` is checked if there is one.
 */
export function inspectCertificate(certPem: string, keyPem?: string, now: Date = new Date()): Inspection {
  const problems: CertProblem[] = [];
  const blocks = certPem.match(CERT_BLOCK) ?? [];
  if (blocks.length === 0) {
    // A DER file starts with a SEQUENCE tag (0x30); vsftpd, like most servers, reads PEM only.
    const der = certPem.charCodeAt(0) === 0x30 && !certPem.includes("-----BEGIN");
    const message = der
      ? "no PEM certificate: this looks like DER, and vsftpd reads PEM (convert it with openssl x509 -inform der -in FILE -out FILE.pem)"
      : "no certificate: the text has no -----BEGIN CERTIFICATE----- block";
    problems.push({ code: "missing", severity: "error", message });
    return { certificate: null, privateKey: null, problems };
  }
  let x: X509Certificate;
  try {
    x = new X509Certificate(blocks[0]!);
  } catch (err) {
    problems.push({ code: "unparsable", severity: "error", message: `the certificate does not parse: ${(err as Error).message}` });
    return { certificate: null, privateKey: null, problems };
  }
  const from = new Date(x.validFrom);
  const to = new Date(x.validTo);
  const names = sans(x);
  const eku = x.keyUsage ?? null; // Node names extendedKeyUsage "keyUsage".
  const certificate: CertificateInfo = {
    subject: oneLine(x.subject),
    commonName: /^CN=(.*)$/m.exec(x.subject)?.[1] ?? null,
    subjectAltNames: names,
    issuer: oneLine(x.issuer),
    // Not checkIssued(): OpenSSL says no for a leaf whose keyUsage lacks keyCertSign, self-signed or not.
    selfSigned: x.subject === x.issuer && x.verify(x.publicKey),
    ca: x.ca,
    notBefore: from.toISOString(),
    notAfter: to.toISOString(),
    daysLeft: Math.ceil((to.getTime() - now.getTime()) / DAY),
    key: keyInfo(x.publicKey),
    fingerprintSha256: x.fingerprint256,
    serialNumber: x.serialNumber.toLowerCase(),
    extendedKeyUsage: eku,
    chainLength: blocks.length,
  };
  problems.push(...validityProblems(from, to, now));
  if (names.length === 0) {
    problems.push({ code: "no-san", severity: "warning", message: "no subjectAltName: TLS clients match the host name only against subjectAltName, so they refuse it" });
  }
  if (eku !== null && !eku.includes(SERVER_AUTH)) {
    problems.push({ code: "not-server-auth", severity: "error", message: "its extendedKeyUsage does not include serverAuth: TLS clients refuse it for a server" });
  }

  let privateKey: Inspection["privateKey"] = null;
  const loaded = loadKey(keyPem ?? certPem);
  if (loaded === undefined) {
    if (keyPem !== undefined) problems.push({ code: "key-missing", severity: "error", message: "no private key: the key text has no -----BEGIN PRIVATE KEY----- block" });
  } else if ("why" in loaded) {
    problems.push({ code: "key-unusable", severity: "error", message: `the private key cannot be used: ${loaded.why}` });
  } else {
    let matches = false;
    try {
      matches = x.checkPrivateKey(loaded.key);
    } catch {
      // A key of another type (EC key, RSA certificate) throws rather than answering false.
    }
    privateKey = { ...keyInfo(loaded.key), matches };
    if (!matches) problems.push({ code: "key-mismatch", severity: "error", message: "the private key does not belong to this certificate: vsftpd refuses to start (SSL: cannot load RSA private key)" });
  }
  return { certificate, privateKey, problems };
}
