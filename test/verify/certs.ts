/** Test certificates for verify's certificate check, made by ftpctl's own X.509 code. */
import { generateKey, keySpec } from "../../src/cert/keys.js";
import type { San } from "../../src/cert/names.js";
import { selfSignedCertificate } from "../../src/cert/x509.js";

const DAY = 86_400_000;

export interface Pair {
  readonly cert: string;
  readonly key: string;
}

/** A self-signed pair for `names` (the first is the CN), valid from `fromDays` to `toDays` relative to now. */
export async function pair(names: readonly string[], fromDays = -1, toDays = 365): Promise<Pair> {
  const keys = await generateKey(keySpec("rsa", 2048));
  const sans: San[] = names.map((n) => (/^\d+\.\d+\.\d+\.\d+$/.test(n) ? { type: "ip", value: n } : { type: "dns", value: n }));
  const now = Date.now();
  const cert = selfSignedCertificate(keys, { commonName: names[0]!, sans }, { notBefore: new Date(now + fromDays * DAY), notAfter: new Date(now + toDays * DAY) });
  return { cert, key: keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
}
