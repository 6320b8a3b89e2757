/**
 * `ftpctl cert csr`: a new key and a PKCS#10 request for a real CA, with the
 * same names, usages and signing path as `cert generate` (see x509.ts).
 */
import { resolve } from "node:path";
import type { Io } from "../../../core/io.js";
import { CERT_MODE, KEY_MODE, preflight, writeOutputs, type Output } from "../../../cert/files.js";
import { describeKey, generateKey, keySpec } from "../../../cert/keys.js";
import { formatSan, subjectFor } from "../../../cert/names.js";
import { certPaths } from "../paths.js";

export interface CsrOptions {
  readonly cn: string | undefined;
  readonly san: readonly string[];
  readonly keyType: string | undefined;
  readonly bits: number | undefined;
  readonly key: string | undefined;
  readonly out: string | undefined;
  readonly force: boolean;
  readonly profile: string | undefined;
  readonly distro: string;
  readonly json: boolean;
}

export async function csrCommand(o: CsrOptions, io: Io): Promise<number> {
  const spec = keySpec(o.keyType, o.bits);
  const subject = subjectFor(o.cn, o.san);
  const paths = await certPaths({ ...o, cert: undefined }, io, false);
  const keyPath = paths.key;
  const outPath = o.out === undefined || o.out === "-" ? undefined : resolve(o.out);
  preflight(outPath ? [keyPath, outPath] : [keyPath], o.force);

  io.stderr(`ftpctl: generating an ${describeKey(spec)} key...\n`);
  const [pair, x509] = await Promise.all([generateKey(spec), import("../../../cert/x509.js")]);
  const csrPem = x509.certificateRequest(pair, subject);
  const outputs: Output[] = [{ path: keyPath, data: pair.privateKey.export({ type: "pkcs8", format: "pem" }) as string, mode: KEY_MODE }];
  if (outPath) outputs.push({ path: outPath, data: csrPem, mode: CERT_MODE });
  const { backups } = writeOutputs(outputs, o.force);

  const names = subject.sans.map(formatSan);
  if (o.json) {
    const key = { type: spec.type, bits: spec.type === "rsa" ? spec.bits : 256, curve: spec.type === "ec" ? "prime256v1" : null };
    io.stdout(`${JSON.stringify({ keyFile: keyPath, csrFile: outPath ?? null, backups, subject: `CN=${subject.commonName}`, subjectAltNames: names, key, ...(outPath ? {} : { csr: csrPem }) }, null, 2)}\n`);
    return 0;
  }
  const lines = [`wrote ${keyPath}: ${describeKey(spec)} private key, mode 0600`];
  if (backups.length) lines.push(`kept the replaced file${backups.length > 1 ? "s" : ""} as ${backups.join(" and ")}`);
  lines.push(`request for CN=${subject.commonName}, names ${names.join(", ")}`);
  if (outPath) {
    lines.push(`wrote ${outPath}: certificate signing request`, "", `send ${outPath} to your CA; save the certificate it returns (with its chain) as rsa_cert_file,`);
    lines.push(`set rsa_private_key_file=${keyPath}, and check the pair with: ftpctl cert inspect CERT --key ${keyPath}`);
    io.stdout(`${lines.join("\n")}\n`);
  } else {
    // The request itself is the data on standard output; the notes go to standard error.
    io.stderr(`${lines.join("\n")}\n`);
    io.stdout(csrPem);
  }
  return 0;
}
