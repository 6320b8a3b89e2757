/**
 * Where the certificate and key go: the flags, else the profile's
 * tls.cert/tls.key, else where the distro keeps TLS material. The same path
 * for both means one file holding key and certificate, as vsftpd reads it
 * when rsa_private_key_file is unset. Upstream
 * vsftpd's compiled default (/usr/share/ssl/certs/vsftpd.pem) exists on no
 * current system, so an upstream build gets the Debian layout.
 */
import { resolve } from "node:path";
import type { Distro } from "../../vsftpd/option-spec.js";
import type { Io } from "../../core/io.js";
import { resolveDistro } from "../../host/distro.js";

export interface CertPaths {
  readonly cert: string;
  readonly key: string;
}

export const DISTRO_CERT_PATHS: Readonly<Record<Distro, CertPaths>> = {
  debian: { cert: "/etc/ssl/certs/vsftpd.pem", key: "/etc/ssl/private/vsftpd.key" },
  upstream: { cert: "/etc/ssl/certs/vsftpd.pem", key: "/etc/ssl/private/vsftpd.key" },
  rhel: { cert: "/etc/pki/tls/certs/vsftpd.pem", key: "/etc/pki/tls/private/vsftpd.key" },
};

export interface PathFlags {
  readonly cert?: string | undefined;
  readonly key?: string | undefined;
  readonly profile?: string | undefined;
  readonly distro: string;
}

/**
 * A bad --profile has its problems printed on `io` and ends in ExitError.
 * `combine`: false where a key of its own is wanted even if the profile
 * keeps the key inside the certificate file (a CSR's key, before any
 * certificate exists).
 */
export async function certPaths(flags: PathFlags, io: Io, combine = true): Promise<CertPaths> {
  let fromProfile: Partial<CertPaths> = {};
  if (flags.profile !== undefined) fromProfile = (await import("./profile-tls.js")).profileTls(flags.profile, io);
  // Only consult /etc/os-release when a path is still missing.
  const fallback = (): CertPaths => DISTRO_CERT_PATHS[resolveDistro(flags.distro)];
  const cert = flags.cert ?? fromProfile.cert ?? fallback().cert;
  // A profile naming only tls.cert leaves rsa_private_key_file unset, and vsftpd then reads the key from the certificate file.
  const combined = combine && fromProfile.cert !== undefined && fromProfile.key === undefined ? cert : undefined;
  const key = flags.key ?? fromProfile.key ?? combined ?? fallback().key;
  return { cert: resolve(cert), key: resolve(key) };
}
