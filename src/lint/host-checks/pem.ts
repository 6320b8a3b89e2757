/**
 * PEM files as vsftpd has OpenSSL load them, for host rules. The reading
 * itself lives in src/cert/inspect.ts, shared with `ftpctl cert inspect`;
 * this adds the answers for a file that exists but cannot be read.
 */
import type { KeyObject, X509Certificate } from "node:crypto";
import type { HostFacts } from "../../host/facts.js";
import { loadChain, loadKey } from "../../cert/inspect.js";

export { pemBlocks, type PemBlock } from "../../cert/inspect.js";

/** Why a path that stat() finds yields no text. */
export function unreadable(host: HostFacts, path: string): string {
  const t = host.stat(path)?.type;
  return t === "dir" ? "it is a directory" : t === "other" ? "it is not a regular file" : "it cannot be read";
}

export type CertLoad =
  | { readonly ok: true; readonly cert: X509Certificate }
  | { readonly ok: false; readonly why: string };

/** A certificate file or CA bundle: every certificate in it must load. */
export function loadCertChain(text: string): CertLoad {
  const chain = loadChain(text);
  return chain.ok ? { ok: true, cert: chain.leaf } : { ok: false, why: chain.why };
}

export type KeyLoad =
  | { readonly ok: true; readonly key: KeyObject }
  | { readonly ok: false; readonly why: string };

export function loadPrivateKey(text: string): KeyLoad {
  return loadKey(text) ?? { ok: false, why: "no PEM private key in it" };
}
