/**
 * Key pairs come from node:crypto's generateKeyPair: native OpenSSL, run on
 * libuv's thread pool, so the caller can load the certificate code while a
 * prime search is under way. (node-forge's pure-JS RSA generation takes
 * seconds for a 3072-bit key; it is never used.)
 */
import { generateKeyPair, type KeyObject } from "node:crypto";
import { UsageError } from "../core/errors.js";

export type KeyType = "rsa" | "ec";
export const RSA_BITS = [2048, 3072, 4096] as const;
export const DEFAULT_RSA_BITS = 3072;
/** P-256: what every TLS stack, vsftpd's OpenSSL included, supports for ECDSA certificates. */
export const EC_CURVE = "prime256v1";

export interface KeySpec {
  readonly type: KeyType;
  /** RSA modulus length; undefined for EC. */
  readonly bits: number | undefined;
}

export interface KeyPair {
  readonly spec: KeySpec;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/** Checks --key-type and --bits together. */
export function keySpec(type: string | undefined, bits: number | undefined): KeySpec {
  const t = (type ?? "rsa").toLowerCase();
  if (t !== "rsa" && t !== "ec") throw new UsageError(`--key-type '${type}': use rsa or ec`);
  if (t === "ec") {
    if (bits !== undefined) throw new UsageError("--bits applies to RSA keys; EC keys are always P-256 (as strong as RSA 3072)");
    return { type: "ec", bits: undefined };
  }
  if (bits === undefined) return { type: "rsa", bits: DEFAULT_RSA_BITS };
  if (!(RSA_BITS as readonly number[]).includes(bits)) {
    const hint = bits < 2048 ? ": keys under 2048 bits are refused by current OpenSSL security levels and by clients" : "";
    throw new UsageError(`--bits ${Number.isNaN(bits) ? "(not a number)" : bits}: use 2048, 3072 or 4096${hint}`);
  }
  return { type: "rsa", bits };
}

export const describeKey = (spec: KeySpec): string => (spec.type === "ec" ? "EC P-256" : `RSA ${spec.bits}-bit`);

export function generateKey(spec: KeySpec): Promise<KeyPair> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, publicKey: KeyObject, privateKey: KeyObject) =>
      err ? reject(err) : resolve({ spec, publicKey, privateKey });
    if (spec.type === "ec") generateKeyPair("ec", { namedCurve: EC_CURVE }, done);
    else generateKeyPair("rsa", { modulusLength: spec.bits!, publicExponent: 0x10001 }, done);
  });
}
