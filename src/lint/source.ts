/**
 * Reads one config for linting and refuses, with a plain reason, anything
 * that is not a text file: directories, missing files, binaries, huge or
 * non-UTF-8 files. The whole file is checked, not just the 100000 bytes
 * vsftpd reads, because --fix writes the whole file back and must
 * reproduce every byte it did not mean to change.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { InputError } from "../core/errors.js";
import { CONF_FILE_MAX } from "../vsftpd/scan.js";

/** Larger than this is not a config file anyone meant to lint. */
export const MAX_INPUT_BYTES = 8 * 1024 * 1024;

const MIB = 1024 * 1024;

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

function describe(err: unknown): string {
  switch ((err as NodeJS.ErrnoException).code) {
    case "ENOENT":
      return "no such file";
    case "ENOTDIR":
      return "no such file (a parent in the path is not a directory)";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory, not a config file";
    case "ELOOP":
      return "too many levels of symbolic links";
    case "ENAMETOOLONG":
      return "file name too long";
    case "EIO":
      return "input/output error while reading";
    default:
      return (err as Error).message;
  }
}

function tooLarge(size: string): string {
  return `too large for a vsftpd config: ${size} (vsftpd itself reads only the first ${CONF_FILE_MAX} bytes)`;
}

export function readConfigFile(file: string): Uint8Array {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (err) {
    throw new InputError(file, describe(err));
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new InputError(file, "is a directory, not a config file");
    if (st.size > MAX_INPUT_BYTES) throw new InputError(file, tooLarge(`${st.size} bytes, over the ${MAX_INPUT_BYTES / MIB} MiB limit`));
    // Pipes and devices report size 0: read up to one byte past the limit to notice an endless one.
    const buf = Buffer.alloc(st.isFile() ? st.size : MAX_INPUT_BYTES + 1);
    let n = 0;
    while (n < buf.length) {
      const r = readSync(fd, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
    }
    if (n > MAX_INPUT_BYTES) throw new InputError(file, tooLarge(`more than ${MAX_INPUT_BYTES / MIB} MiB`));
    const bytes = buf.subarray(0, n);
    checkText(file, bytes);
    return bytes;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(file, describe(err));
  } finally {
    closeSync(fd);
  }
}
