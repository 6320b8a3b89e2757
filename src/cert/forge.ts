/**
 * The parts of node-forge ftpctl uses, loaded file by file (see
 * node-forge-lib.d.ts), with helpers for the DER values X.509 needs.
 * forge works on "binary strings" (one char per byte); Buffers cross the
 * boundary through latin1.
 */
import asn1 from "node-forge/lib/asn1.js";
import pem from "node-forge/lib/pem.js";
import type { asn1 as Asn1Types } from "node-forge";

export type Asn1 = Asn1Types.Asn1;
export { asn1 };

const U = asn1.Class.UNIVERSAL;
const CTX = asn1.Class.CONTEXT_SPECIFIC;
const T = asn1.Type;

export const bin = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");
export const bytes = (s: string): Buffer => Buffer.from(s, "latin1");

export const seq = (items: Asn1[]): Asn1 => asn1.create(U, T.SEQUENCE, true, items);
export const set = (items: Asn1[]): Asn1 => asn1.create(U, T.SET, true, items);
export const oid = (id: string): Asn1 => asn1.create(U, T.OID, false, asn1.oidToDer(id).getBytes());
export const nul = (): Asn1 => asn1.create(U, T.NULL, false, "");
export const bool = (v: boolean): Asn1 => asn1.create(U, T.BOOLEAN, false, v ? "\xff" : "\x00");
export const octets = (b: Uint8Array): Asn1 => asn1.create(U, T.OCTETSTRING, false, bin(b));
export const utf8 = (s: string): Asn1 => asn1.create(U, T.UTF8, false, bin(Buffer.from(s, "utf8")));
export const smallInt = (n: number): Asn1 => asn1.create(U, T.INTEGER, false, asn1.integerToDer(n).getBytes());
/** A BIT STRING holding whole bytes (signatures, public keys). */
export const bitString = (b: Uint8Array): Asn1 => asn1.create(U, T.BITSTRING, false, "\x00" + bin(b));
/** A BIT STRING of flags: `unused` trailing zero bits of the last byte are not part of it (DER drops them). */
export const flagBits = (unused: number, b: number[]): Asn1 => asn1.create(U, T.BITSTRING, false, String.fromCharCode(unused, ...b));
/** [n] IMPLICIT primitive, e.g. a GeneralName's dNSName ([2]) or iPAddress ([7]). */
export const implicit = (tag: number, value: string): Asn1 => asn1.create(CTX, tag, false, value);
/** [n] EXPLICIT (or IMPLICIT over a constructed type): a constructed context tag around `items`. */
export const tagged = (tag: number, items: Asn1[]): Asn1 => asn1.create(CTX, tag, true, items);

/** An unsigned big-endian integer as a DER INTEGER: minimal, with a 0x00 pad where the top bit is set. */
export function unsignedInt(b: Uint8Array): Asn1 {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  const body = Buffer.from(b.subarray(i));
  return asn1.create(U, T.INTEGER, false, (body[0]! & 0x80 ? "\x00" : "") + bin(body));
}

/** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. Whole seconds only. */
export function time(d: Date): Asn1 {
  const whole = new Date(Math.floor(d.getTime() / 1000) * 1000);
  return whole.getUTCFullYear() < 2050
    ? asn1.create(U, T.UTCTIME, false, asn1.dateToUtcTime(whole))
    : asn1.create(U, T.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(whole));
}

/** DER bytes (from node:crypto) as a forge tree; BIT STRING contents stay raw bytes. */
export const fromDer = (der: Uint8Array): Asn1 => asn1.fromDer(bin(der), { strict: true, parseAllBytes: true, decodeBitStrings: false });
export const toDer = (node: Asn1): Buffer => bytes(asn1.toDer(node).getBytes());

/** PEM armour with Unix line ends (forge writes CRLF). */
export const toPem = (type: string, der: Uint8Array): string => pem.encode({ type, body: bin(der) }).replace(/\r\n/g, "\n");
