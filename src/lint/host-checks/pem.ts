/**
 * What OpenSSL's PEM loaders find in a file, as vsftpd calls them:
 * SSL_CTX_use_certificate_chain_file reads every certificate block (other
 * blocks are skipped, any bad certificate fails the load) and
 * SSL_CTX_use_PrivateKey_file takes the first private-key block, failing on
 * an encrypted one since vsftpd supplies no passphrase.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";

export interface PemBlock {
  readonly label: string;
  /** The block from BEGIN to END, as node:crypto takes it. */
  readonly text: string;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;
const CERT_LABELS = new Set(["CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"]);

export function pemBlocks(text: string): PemBlock[] {
  return [...text.matchAll(BLOCK)].map((m) => ({ label: m[1]!, text: m[0] }));
}

export type CertLoad =
  | { readonly ok: true; readonly cert: X509Certificate }
  | { readonly ok: false; readonly why: string };

export function loadCertChain(text: string): CertLoad {
  const blocks = pemBlocks(text).filter((b) => CERT_LABELS.has(b.label));
  if (blocks.length === 0) return { ok: false, why: "no PEM certificate in it" };
  let first: X509Certificate | undefined;
  for (const [i, b] of blocks.entries()) {
    // node cannot read OpenSSL's "trusted" form; OpenSSL can, so do not hold it against the file.
    if (b.label === "TRUSTED CERTIFICATE") continue;
    try {
      const cert = new X509Certificate(b.text);
      first ??= cert;
    } catch (e) {
      return { ok: false, why: `certificate ${i + 1} does not parse (${(e as Error).message})` };
    }
  }
  return first ? { ok: true, cert: first } : { ok: false, why: "no certificate node can read" };
}

export type KeyLoad =
  | { readonly ok: true; readonly key: KeyObject }
  | { readonly ok: false; readonly why: string };

export function loadPrivateKey(text: string): KeyLoad {
  const block = pemBlocks(text).find((b) => b.label.endsWith("PRIVATE KEY"));
  if (!block) return { ok: false, why: "no PEM private key in it" };
  if (block.label === "ENCRYPTED PRIVATE KEY" || /Proc-Type:\s*4,ENCRYPTED/.test(block.text)) {
    return { ok: false, why: "the key is encrypted and vsftpd cannot supply a passphrase" };
  }
  try {
    return { ok: true, key: createPrivateKey(block.text) };
  } catch (e) {
    return { ok: false, why: `the key does not parse (${(e as Error).message})` };
  }
}

export function certCount(text: string): number {
  return pemBlocks(text).filter((b) => CERT_LABELS.has(b.label)).length;
}
