/**
 * What the server needs for explicit FTPS (RFC 4217), from the effective
 * vsftpd options: ssl_enable and the options that only mean something with
 * it. The certificate and key are PEM text the caller read (rsa_cert_file,
 * rsa_private_key_file, or `ftpctl serve --cert/--key`); the server reads no
 * files itself.
 */
import type { OptionGetter } from "./options.js";

export type Pem = string | Buffer;

export interface ServerTls {
  /** The certificate chain (rsa_cert_file's PEM). Without one, startServer refuses to start. */
  readonly cert?: Pem;
  /** The private key (rsa_private_key_file's PEM; vsftpd takes it from the chain's file when unset). */
  readonly key?: Pem;
  /** ssl_ciphers: OpenSSL's list for TLS 1.2 and older (TLS 1.3 suites are not governed by it, as in vsftpd); undefined: the default list. */
  readonly ciphers?: string;
  /** ssl_tlsv1: TLS 1.0 allowed (OpenSSL's security level still refuses it unless the cipher list lowers it), and FEAT says AUTH TLS. */
  readonly tlsv1: boolean;
  /** ssl_sslv2 or ssl_sslv3: FEAT says AUTH SSL. No OpenSSL 3 speaks SSL, vsftpd's included. */
  readonly sslv2or3: boolean;
  /** ssl_request_cert: clients are asked for a certificate (never required, never checked). */
  readonly requestCert: boolean;
  /** allow_anon_ssl: anonymous sessions may use TLS at all. */
  readonly allowAnon: boolean;
  readonly forceLocalLogins: boolean;
  readonly forceLocalData: boolean;
  readonly forceAnonLogins: boolean;
  readonly forceAnonData: boolean;
  /** require_ssl_reuse: a TLS data connection must resume the control connection's TLS session. */
  readonly requireReuse: boolean;
  /** implicit_ssl: the TLS handshake comes first, before the greeting. */
  readonly implicit: boolean;
}

/** The TLS options serverTls reads; the server does with them what vsftpd does. */
export const TLS_EMULATED: readonly string[] = [
  "ssl_enable", "rsa_cert_file", "rsa_private_key_file", "ssl_ciphers", "ssl_tlsv1", "ssl_sslv2", "ssl_sslv3",
  "ssl_request_cert", "allow_anon_ssl", "force_local_logins_ssl", "force_local_data_ssl", "force_anon_logins_ssl",
  "force_anon_data_ssl", "require_ssl_reuse", "implicit_ssl",
];

/** ssl_enable's settings, or undefined when TLS is off (AUTH is then unknown, PBSZ and PROT refused). */
export function serverTls(get: OptionGetter, pem: { cert?: Pem; key?: Pem }): ServerTls | undefined {
  if (get("ssl_enable") !== true) return undefined;
  const on = (name: string) => get(name) === true;
  const ciphers = get("ssl_ciphers");
  return {
    ...(pem.cert !== undefined ? { cert: pem.cert } : {}),
    ...(pem.key !== undefined ? { key: pem.key } : {}),
    ...(typeof ciphers === "string" ? { ciphers } : {}),
    tlsv1: on("ssl_tlsv1"),
    sslv2or3: on("ssl_sslv2") || on("ssl_sslv3"),
    requestCert: on("ssl_request_cert"),
    allowAnon: on("allow_anon_ssl"),
    forceLocalLogins: on("force_local_logins_ssl"),
    forceLocalData: on("force_local_data_ssl"),
    forceAnonLogins: on("force_anon_logins_ssl"),
    forceAnonData: on("force_anon_data_ssl"),
    requireReuse: on("require_ssl_reuse"),
    implicit: on("implicit_ssl"),
  };
}

export interface LoginRefusal {
  readonly text: string;
  /** vsftpd says it and ends the session (vsf_cmdio_write_exit). */
  readonly fatal: boolean;
}

/** USER's TLS rules, in prelogin.c's order (after "anonymous only", before the user list). */
export function tlsLoginRefusal(tls: ServerTls | undefined, anonymous: boolean, secure: boolean): LoginRefusal | undefined {
  if (!tls) return undefined;
  if (anonymous && secure && !tls.allowAnon && !tls.forceAnonLogins) return { text: "Anonymous sessions may not use encryption.", fatal: false };
  if (!anonymous && !secure && tls.forceLocalLogins) return { text: "Non-anonymous sessions must use encryption.", fatal: true };
  if (anonymous && !secure && tls.forceAnonLogins) return { text: "Anonymous sessions must use encryption.", fatal: true };
  return undefined;
}

/** force_local_data_ssl / force_anon_data_ssl without PROT P: 522 before any data connection (data_transfer_checks_ok). */
export function dataMustBeEncrypted(tls: ServerTls | undefined, anonymous: boolean, dataTls: boolean): boolean {
  return tls !== undefined && !dataTls && (anonymous ? tls.forceAnonData : tls.forceLocalData);
}
