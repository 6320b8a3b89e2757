/**
 * PEM files as vsftpd has OpenSSL load them, for host rules. The reading
 * itself lives in src/cert/inspect.ts, shared with `ftpctl cert inspect`;
 * this adds the answers for a file that exists but cannot be read.
 */
import type { KeyObject, X509Certificate } from "node:crypto";
import type { HostFacts } from "../../host/facts.js";
import { loadChain, loadKey } from "../../cert/inspect.js";
import { errnoText, needsRoot, needsRootWhy } from "./messages.js";

export { pemBlocks, type PemBlock } from "../../cert/inspect.js";

export type PemText =
  | { readonly state: "text"; readonly text: string }
  /** What OpenSSL would meet too: a directory, a special file, a read error with vsftpd's rights. */
  | { readonly state: "bad"; readonly detail: string }
  /** Not read, and nothing established: a permission error without the daemon's rights. */
  | { readonly state: "needsRoot"; readonly why: string }
  | { readonly state: "missing" };

/** A PEM file's text, or why there is none, told apart from what could not be checked. */
export function readPem(host: HostFacts, path: string): PemText {
  const r = host.read(path);
  switch (r.state) {
    case "found":
      return { state: "text", text: r.text };
    case "missing":
      return { state: "missing" };
    case "notFile":
      return { state: "bad", detail: r.type === "dir" ? "it is a directory" : "it is not a regular file" };
    default:
      if (needsRoot(host, r.code)) return { state: "needsRoot", why: needsRootWhy("reading it", r.code) };
      return { state: "bad", detail: `it cannot be read: ${errnoText(r.code)}` };
  }
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
