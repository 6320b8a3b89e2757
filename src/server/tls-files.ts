/**
 * The certificate and key `ftpctl serve` hands the server: rsa_cert_file and
 * rsa_private_key_file from the effective options, or `--cert`/`--key` in
 * their place, read through the bounded reader. A file that is missing,
 * unreadable or will not load is one line naming it; the key's content is
 * never part of any message.
 */
import { InputError, UsageError } from "../core/errors.js";
import { PEM_INPUT, readInput } from "../core/read-input.js";
import type { OptionGetter } from "./options.js";
import { TlsSetupError } from "./tls.js";

export interface TlsFiles {
  readonly certFile: string;
  /** undefined: the key is in the certificate's file (vsftpd's rule when rsa_private_key_file is unset). */
  readonly keyFile?: string;
  readonly cert: Buffer;
  readonly key?: Buffer;
}

/** `--cert` replaces rsa_cert_file and, without `--key`, the key's file too: a pair, or one file holding both. */
export function readTlsFiles(get: OptionGetter, flags: { cert?: string | undefined; key?: string | undefined }): TlsFiles | undefined {
  if (get("ssl_enable") !== true) {
    if (flags.cert !== undefined || flags.key !== undefined) throw new UsageError("--cert and --key are for FTPS: the configuration needs ssl_enable=YES (a profile's tls.enabled: true)");
    return undefined;
  }
  const configured = (name: string) => (typeof get(name) === "string" ? (get(name) as string) : undefined);
  const certFile = flags.cert ?? configured("rsa_cert_file");
  const keyFile = flags.key ?? (flags.cert !== undefined ? undefined : configured("rsa_private_key_file"));
  if (certFile === undefined) throw new UsageError("ssl_enable=YES needs a certificate: give --cert FILE --key FILE, or set rsa_cert_file");
  const cert = readInput(certFile, PEM_INPUT);
  return { certFile, cert, ...(keyFile !== undefined ? { keyFile, key: readInput(keyFile, PEM_INPUT) } : {}) };
}

/** A start-up refusal of the certificate or key, as one line naming the file. */
export function tlsFileError(err: unknown, files: TlsFiles | undefined): unknown {
  if (!(err instanceof TlsSetupError) || !files || err.part === "ciphers") return err;
  const file = err.part === "key" ? (files.keyFile ?? files.certFile) : files.certFile;
  return new InputError(file, err.message);
}
