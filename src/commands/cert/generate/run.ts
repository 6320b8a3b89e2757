/**
 * `ftpctl cert generate`: a key and a self-signed server certificate that
 * vsftpd loads and clients can pin with --cacert, in one step.
 *
 * Order matters for speed: everything that can fail cheaply (flags, names,
 * paths) is checked first; then the key's prime search starts on the
 * thread pool while this thread loads the certificate code (x509.ts and
 * node-forge), so that loading costs no time of its own.
 */
import type { Io } from "../../../core/io.js";
import { UsageError } from "../../../core/errors.js";
import { CERT_MODE, KEY_MODE, preflight, writeOutputs, type Output } from "../../../cert/files.js";
import { certificateLines } from "../../../cert/format.js";
import { inspectCertificate } from "../../../cert/inspect.js";
import { describeKey, generateKey, keySpec } from "../../../cert/keys.js";
import { subjectFor } from "../../../cert/names.js";
import { certPaths } from "../paths.js";

export interface GenerateOptions {
  readonly cn: string | undefined;
  readonly san: readonly string[];
  readonly days: number;
  readonly keyType: string | undefined;
  readonly bits: number | undefined;
  readonly cert: string | undefined;
  readonly key: string | undefined;
  readonly force: boolean;
  readonly profile: string | undefined;
  readonly distro: string;
  readonly json: boolean;
}

export const DEFAULT_DAYS = 365;
/** 100 years; past that, a self-signed certificate is a liability rather than a convenience. */
export const MAX_DAYS = 36_500;
const DAY = 86_400_000;

export function checkDays(days: number): number {
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) {
    throw new UsageError(`--days ${Number.isNaN(days) ? "(not a number)" : days}: give a whole number of days from 1 to ${MAX_DAYS}`);
  }
  return days;
}

export async function generateCommand(o: GenerateOptions, io: Io): Promise<number> {
  const spec = keySpec(o.keyType, o.bits);
  const days = checkDays(o.days);
  const subject = subjectFor(o.cn, o.san);
  const paths = await certPaths(o, io);
  const combined = paths.cert === paths.key;
  preflight(combined ? [paths.cert] : [paths.key, paths.cert], o.force);

  io.stderr(`ftpctl: generating an ${describeKey(spec)} key...\n`);
  const [pair, x509] = await Promise.all([generateKey(spec), import("../../../cert/x509.js")]);
  const notBefore = new Date();
  const certPem = x509.selfSignedCertificate(pair, subject, { notBefore, notAfter: new Date(notBefore.getTime() + days * DAY) });
  const keyPem = pair.privateKey.export({ type: "pkcs8", format: "pem" }) as string;

  const outputs: Output[] = combined
    ? [{ path: paths.cert, data: keyPem + certPem, mode: KEY_MODE }]
    : [
        { path: paths.key, data: keyPem, mode: KEY_MODE },
        { path: paths.cert, data: certPem, mode: CERT_MODE },
      ];
  const { backups } = writeOutputs(outputs, o.force);
  const info = inspectCertificate(certPem, keyPem, notBefore).certificate!;

  if (o.json) {
    io.stdout(`${JSON.stringify({ certificateFile: paths.cert, keyFile: paths.key, backups, ...info }, null, 2)}\n`);
    return 0;
  }
  const out: string[] = [];
  if (combined) out.push(`wrote ${paths.cert}: ${describeKey(spec)} private key and self-signed certificate in one file, mode 0600`);
  else out.push(`wrote ${paths.key}: ${describeKey(spec)} private key, mode 0600`, `wrote ${paths.cert}: self-signed certificate, mode 0644`);
  out.push(...certificateLines(info));
  if (backups.length) out.push(`kept the replaced file${backups.length > 1 ? "s" : ""} as ${backups.join(" and ")}`);
  out.push("", "for vsftpd.conf:", "  ssl_enable=YES", `  rsa_cert_file=${paths.cert}`);
  if (!combined) out.push(`  rsa_private_key_file=${paths.key}`);
  // Never an inline "# why" after a setting: vsftpd would take it as part of the value.
  if (spec.type === "ec") out.push("  ssl_ciphers=HIGH", "", "ssl_ciphers=HIGH: vsftpd's default list, ECDHE-RSA-AES256-GCM-SHA384, needs an RSA key; with an EC key only TLS 1.3 clients could connect.");
  const dial = subject.sans.find((s) => s.type === "dns" && !s.value.startsWith("*")) ?? subject.sans[0]!;
  const host = dial.type === "ip" && dial.value.includes(":") ? `[${dial.value}]` : dial.value;
  out.push("", `clients can trust it with, e.g.: curl --ssl-reqd --cacert ${paths.cert} ftp://${host}/`);
  io.stdout(`${out.join("\n")}\n`);
  return 0;
}
