/**
 * Reads one config for linting and refuses, with a plain reason, anything
 * that is not a text file: directories, missing files, binaries, huge or
 * non-UTF-8 files, and text without one `name=value` line. The whole file is checked, not just the 100000 bytes
 * vsftpd reads, because --fix writes the whole file back and must
 * reproduce every byte it did not mean to change. Reading itself (FIFOs,
 * devices, size caps) is src/core/read-input.ts's.
 */
import { InputError } from "../core/errors.js";
import { CONFIG_INPUT, readInput, readStdin } from "../core/read-input.js";
import { notAConfig } from "../vsftpd/scan.js";

/** Larger than this is not a config file anyone meant to lint. */
export const MAX_INPUT_BYTES = CONFIG_INPUT.maxBytes;

/** 1-based line and column of a byte offset, counting columns in bytes. */
function position(bytes: Uint8Array, offset: number): string {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  return `line ${line}, column ${offset - start + 1}`;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Offset of the first byte that does not start a valid UTF-8 sequence (RFC 3629), or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  try {
    utf8.decode(b);
    return -1;
  } catch {
    // Fall through to find where; the native check is only fast, not specific.
  }
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    let need: number;
    // Second-byte bounds exclude overlong forms, surrogates and code points past U+10FFFF.
    let lo = 0x80;
    let hi = 0xbf;
    if (c < 0x80) need = 0;
    else if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const x = b[i + k];
      if (x === undefined || x < (k === 1 ? lo : 0x80) || x > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

export function checkText(file: string, bytes: Uint8Array): void {
  // Windows editors' "Unicode" is UTF-16: every ASCII letter comes with a NUL.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new InputError(file, "UTF-16 text; vsftpd reads bytes, so save it as UTF-8 or ASCII (e.g. iconv -f UTF-16 -t UTF-8)");
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new InputError(file, `binary file (NUL byte at ${position(bytes, nul)}); not a vsftpd config`);
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const hex = bytes[bad]!.toString(16).toUpperCase().padStart(2, "0");
    throw new InputError(
      file,
      `not UTF-8 text (byte 0x${hex} at ${position(bytes, bad)}); vsftpd configs are ASCII, re-encode it (e.g. iconv -f LATIN1 -t UTF-8)`,
    );
  }
}

/**
 * Refuses text that has content but no `name=value` line: not a config anyone meant to give
 * vsftpd (a shadow file, a key, a profile). It is described, never quoted: the count of its lines
 * and at most a short name-like prefix of the first, so no value (a password hash) is echoed.
 */
export function checkConfigShape(file: string, bytes: Uint8Array): void {
  const not = notAConfig(Buffer.from(bytes).toString("utf8"));
  if (!not) return;
  const lines = not.lines === 1 ? "its one line is not" : `none of its ${not.lines} lines is`;
  const first = not.prefix ? `the first begins '${not.prefix}…'` : "the first does not begin with a name";
  const hint = not.profileLike ? "; a profile? check it with 'ftpctl validate'" : "";
  throw new InputError(file, `not a vsftpd config: ${lines} a name=value setting (${first})${hint}`);
}

/**
 * The config at `file`, or standard input when `file` is "-" (named
 * `stdinName` in messages), bounded by CONFIG_INPUT's cap; refused unless it
 * is text vsftpd could read.
 */
export function readConfigFile(file: string, stdinName = "<stdin>"): Uint8Array {
  const bytes = readConfigText(file, stdinName);
  checkConfigShape(file === "-" ? stdinName : file, bytes);
  return bytes;
}

/** As readConfigFile, but any text: for a caller that tells a config from a profile by its content. */
export function readConfigText(file: string, stdinName = "<stdin>"): Uint8Array {
  const bytes = file === "-" ? readStdin(CONFIG_INPUT, stdinName) : readInput(file, CONFIG_INPUT);
  checkText(file === "-" ? stdinName : file, bytes);
  return bytes;
}
