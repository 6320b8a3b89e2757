/**
 * SHA-512 crypt(3) hashes ("$6$...") for /etc/shadow, made by OpenSSL
 * (`openssl passwd -6 -stdin`): Node has no crypt(3), and every glibc reads
 * these. The password travels on OpenSSL's standard input, never in argv.
 */
import { execa } from "execa";
import { FtpctlError } from "../core/errors.js";

const HASH = /^\$6\$[./0-9A-Za-z]{1,16}\$[./0-9A-Za-z]{86}$/;

export async function sha512Crypt(password: string): Promise<string> {
  const r = await execa("openssl", ["passwd", "-6", "-stdin"], { input: `${password}\n`, reject: false, timeout: 30_000, stripFinalNewline: true });
  if ((r as { code?: string }).code === "ENOENT" || r.exitCode === undefined) throw new FtpctlError("export: hashing a password needs openssl, which is not installed here");
  const hash = String(r.stdout).trim();
  if (r.exitCode !== 0 || !HASH.test(hash)) throw new FtpctlError(`export: openssl passwd -6 failed (exit ${r.exitCode}): ${String(r.stderr).trim()}`);
  return hash;
}
