/**
 * Whether an OpenSSL cipher string leaves TLS 1.2 a cipher that can use a
 * key of the certificate's type. TLS 1.2 suites name how the server
 * authenticates (Au=RSA, Au=ECDSA): an EC certificate behind an RSA-only
 * list (the hardened `ECDHE-RSA-...` lists) fails every TLS 1.2 handshake
 * with "no shared cipher", while TLS 1.3, whose suites do not name the key,
 * still works, so the mistake shows only with older clients.
 *
 * Decided by OpenSSL itself, with the string's own semantics: the other
 * authentication methods are removed (`!aRSA`, ...) and OpenSSL says
 * whether any cipher is left.
 */
import { createSecureContext } from "node:tls";

export type KeyFamily = "rsa" | "ec";

const AUTH_BY_FAMILY: Readonly<Record<KeyFamily, string>> = { rsa: "aRSA", ec: "aECDSA" };
const AUTHS = ["aRSA", "aECDSA", "aDSS", "aPSK", "aNULL", "aGOST01", "aGOST12", "aSRP"] as const;

function accepted(spec: string): boolean {
  try {
    createSecureContext({ ciphers: spec });
    return true;
  } catch {
    return false;
  }
}

/**
 * True when `spec` keeps a TLS 1.2 cipher a `family` key can serve; undefined
 * when OpenSSL refuses the string itself (that is VSF205's finding).
 */
export function tls12CipherFor(spec: string, family: KeyFamily): boolean | undefined {
  if (spec.startsWith("TLS_") || !accepted(spec)) return undefined;
  const others = AUTHS.filter((a) => a !== AUTH_BY_FAMILY[family]).map((a) => `!${a}`);
  return accepted([spec, ...others].join(":"));
}
