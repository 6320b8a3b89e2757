/**
 * Words for the remote shell. ssh hands the server one string, which the
 * login shell splits again, so every argv word is wrapped in POSIX single
 * quotes: inside them nothing is special (no $, `, \, globbing or word
 * splitting), and a quote itself is closed, escaped and reopened ('\'').
 * Bytes pass unchanged, so a word that is not UTF-8 survives as bytes. NUL
 * cannot be in an argv word anywhere, so it is refused.
 */
import { FtpctlError } from "../core/errors.js";

const QUOTE = 0x27;
/** '\'' : close, an escaped quote, reopen. */
const ESCAPED = Buffer.from("'\\''", "latin1");

/** One word, single-quoted for a POSIX shell. */
export function shellQuote(word: string): string;
export function shellQuote(word: Uint8Array): Buffer;
export function shellQuote(word: string | Uint8Array): string | Buffer {
  if (typeof word === "string") {
    if (word.includes("\0")) throw new FtpctlError("internal: a command word holds a NUL byte");
    return `'${word.replaceAll("'", "'\\''")}'`;
  }
  const parts: Buffer[] = [Buffer.from("'")];
  let start = 0;
  for (let i = 0; i < word.length; i++) {
    if (word[i] === 0) throw new FtpctlError("internal: a command word holds a NUL byte");
    if (word[i] === QUOTE) {
      parts.push(Buffer.from(word.subarray(start, i)), ESCAPED);
      start = i + 1;
    }
  }
  parts.push(Buffer.from(word.subarray(start)), Buffer.from("'"));
  return Buffer.concat(parts);
}

/** A command line the remote shell splits back into exactly `argv`. */
export function shellCommand(argv: readonly string[]): string {
  if (!argv.length) throw new FtpctlError("internal: empty command");
  return argv.map((w) => shellQuote(w)).join(" ");
}
