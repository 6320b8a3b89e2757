/**
 * Reads PEM files the way vsftpd's OpenSSL 3 does: the certificate file as a
 * chain whose first certificate is the server's, the key as the first
 * private-key block that decodes. `ftpctl cert inspect` and `lint --host`
 * (through inspect.ts) share this reading; each rule here was checked
 * against /usr/sbin/vsftpd.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";

export interface PemBlock {
  readonly label: string;
  /** The block from BEGIN to END (or to where it was cut off), as node:crypto takes it. */
  readonly text: string;
  /** Cut off: no matching END line before the next BEGIN or the end of the text. */
  readonly broken: boolean;
}

/** PEM blocks line by line, as OpenSSL's PEM reader meets them. */
export function pemBlocks(text: string): PemBlock[] {
  const lines = text.split("\n").map((l) => l.replace(/\r$/, ""));
  const blocks: PemBlock[] = [];
  for (let i = 0; i < lines.length; ) {
    const label = /^-----BEGIN (.+)-----\s*$/.exec(lines[i]!)?.[1];
    if (label === undefined) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < lines.length && !lines[j]!.startsWith("-----")) j++;
    const end = j < lines.length ? /^-----END (.+)-----\s*$/.exec(lines[j]!)?.[1] : undefined;
    const broken = end !== label;
    blocks.push({ label, text: lines.slice(i, broken ? j : j + 1).join("\n"), broken });
    // A cut-off block ends at the next BEGIN line, which starts a block of its own.
    i = end === undefined ? j : j + 1;
  }
  return blocks;
}

const LEAF_LABELS = new Set(["CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"]);
const CHAIN_LABELS = new Set(["CERTIFICATE", "X509 CERTIFICATE"]);

function pemOf(der: Buffer): string {
  return `-----BEGIN CERTIFICATE-----\n${der.toString("base64").replace(/.{64}/g, "$&\n").replace(/\n$/, "")}\n-----END CERTIFICATE-----\n`;
}

/** A certificate block as node:crypto reads it: relabelled, and a TRUSTED one without OpenSSL's trust settings after the certificate. */
function certificateText(b: PemBlock): string {
  if (b.label === "CERTIFICATE") return b.text;
  const der = Buffer.from(b.text.split("\n").filter((l) => !l.startsWith("-----") && !l.includes(":")).join(""), "base64");
  if (b.label !== "TRUSTED CERTIFICATE" || der.length < 2) return pemOf(der);
  const n = der[1]! & 0x7f;
  const [head, len] = der[1]! & 0x80 ? [2 + n, der.subarray(2, 2 + n).reduce((a, x) => a * 256 + x, 0)] : [2, der[1]!];
  return pemOf(der.subarray(0, head + len));
}

export type ChainLoad =
  | { readonly ok: true; readonly leaf: X509Certificate; readonly length: number }
  | { readonly ok: false; readonly code: "missing" | "unparsable"; readonly why: string; readonly leaf?: X509Certificate };

/** The certificate file as SSL_CTX_use_certificate_chain_file loads it. */
export function loadChain(text: string): ChainLoad {
  let leaf: X509Certificate | undefined;
  let length = 0;
  for (const b of pemBlocks(text)) {
    if (b.broken) {
      const what = LEAF_LABELS.has(b.label) ? `certificate ${length + 1}` : `the ${b.label} block`;
      return { ok: false, code: "unparsable", why: `${what} is cut off (no -----END ${b.label}----- line)`, ...(leaf ? { leaf } : {}) };
    }
    if (!(leaf ? CHAIN_LABELS : LEAF_LABELS).has(b.label)) continue;
    length++;
    try {
      const cert = new X509Certificate(certificateText(b));
      leaf ??= cert;
    } catch (err) {
      return { ok: false, code: "unparsable", why: `certificate ${length} does not parse (${(err as Error).message})`, ...(leaf ? { leaf } : {}) };
    }
  }
  return leaf ? { ok: true, leaf, length } : { ok: false, code: "missing", why: "no PEM certificate in it" };
}

export type KeyLoad =
  | { readonly ok: true; readonly key: KeyObject }
  | { readonly ok: false; readonly why: string; readonly encrypted: boolean }
  /** No private-key block at all. */
  | undefined;

/** The key as SSL_CTX_use_PrivateKey_file loads it from a PEM file. */
export function loadKey(text: string): KeyLoad {
  let failed: string | undefined;
  for (const b of pemBlocks(text)) {
    const isKey = b.label.endsWith("PRIVATE KEY");
    if (b.broken) return { ok: false, why: isKey ? `the key is cut off (no -----END ${b.label}----- line)` : `the ${b.label} block before the key is cut off`, encrypted: false };
    if (!isKey) continue;
    if (b.label === "ENCRYPTED PRIVATE KEY" || /^Proc-Type:\s*4,ENCRYPTED/m.test(b.text)) {
      return { ok: false, why: "the key is encrypted, and vsftpd cannot ask for a passphrase", encrypted: true };
    }
    try {
      return { ok: true, key: createPrivateKey(b.text) };
    } catch (err) {
      failed ??= `the key does not parse (${(err as Error).message})`;
    }
  }
  return failed === undefined ? undefined : { ok: false, why: failed, encrypted: false };
}

