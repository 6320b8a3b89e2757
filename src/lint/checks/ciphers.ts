/**
 * Whether OpenSSL's SSL_CTX_set_cipher_list accepts a cipher string, which is
 * what vsftpd calls with ssl_ciphers. Asked of Node's OpenSSL; matches
 * Debian 12's vsftpd on every case tried (see test/lint/checks-ciphers.test.ts).
 */
import { createSecureContext } from "node:tls";

/**
 * Node splits ":"-separated "TLS_*" names out into the TLS 1.3 suites, where
 * they would be accepted; vsftpd hands the whole string to the TLS <= 1.2
 * list, where a list of only TLS 1.3 names matches nothing and fails.
 * OpenSSL also separates items with " ", ";" and ",", so the list goes to
 * Node without ":" (and never starting with "TLS_") and reaches
 * SSL_CTX_set_cipher_list whole. Call it with a non-empty list: vsftpd skips
 * the call when ssl_ciphers is unset.
 */
/**
 * Lists whose verdict is known without asking: the compiled defaults and
 * what ftpctl renders. Creating a TLS context costs more start-up time than
 * all of `render`'s own work; test/lint/checks-ciphers.test.ts proves
 * OpenSSL still agrees with every entry.
 */
export const KNOWN_CIPHER_VERDICTS: ReadonlyMap<string, boolean> = new Map([
  ["ECDHE-RSA-AES256-GCM-SHA384", true],
  ["HIGH:!aNULL:!MD5:!RC4", true],
  ["HIGH", true],
  ["HIGH:!aNULL:!MD5", true],
]);

const verdicts = new Map<string, boolean>(KNOWN_CIPHER_VERDICTS);

export function opensslAcceptsCipherList(list: string): boolean {
  let v = verdicts.get(list);
  if (v === undefined) verdicts.set(list, (v = askOpenssl(list)));
  return v;
}

/** A TLS context per question is costly; linting many files asks the same few lists. */
export function askOpenssl(list: string): boolean {
  // A C string ends at the first NUL.
  const nul = list.indexOf("\0");
  let whole = (nul < 0 ? list : list.slice(0, nul)).replace(/:/g, " ");
  if (whole.startsWith("TLS_")) whole = ` ${whole}`;
  if (whole === "") return false;
  try {
    createSecureContext({ ciphers: whole });
    return true;
  } catch {
    return false;
  }
}

/** Names of TLS 1.3 suites in a cipher string; they never count for ssl_ciphers. */
export function tls13Names(list: string): string[] {
  return list.split(/[:, ;]+/).filter((n) => n.startsWith("TLS_"));
}
