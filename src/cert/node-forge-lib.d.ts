/**
 * Types for the two node-forge files ftpctl loads on their own. Loading
 * `node-forge` whole pulls in every cipher, TLS and the pure-JS RSA code
 * (~60 ms of start-up); the ASN.1 encoder and the PEM armour need neither.
 */
declare module "node-forge/lib/asn1.js" {
  import type { asn1, util } from "node-forge";
  interface FromDerOptions {
    readonly strict?: boolean;
    readonly parseAllBytes?: boolean;
    /** Off: keep a BIT STRING's bytes as they are instead of guessing that they hold ASN.1. */
    readonly decodeBitStrings?: boolean;
  }
  const m: Omit<typeof asn1, "fromDer"> & {
    fromDer(bytes: string | util.ByteBuffer, options?: FromDerOptions): asn1.Asn1;
  };
  export default m;
}

declare module "node-forge/lib/pem.js" {
  import type { pem } from "node-forge";
  const m: typeof pem;
  export default m;
}
