/**
 * Reads one config for linting and refuses, with a plain reason, anything
 * that is not a text file: directories, missing files, binaries, huge or
 * non-UTF-8 files. vsftpd reads at most 100000 bytes, so we read a little
 * more than that to report truncation, never the whole of a huge file.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { InputError } from "../core/errors.js";
import { CONF_FILE_MAX } from "../vsftpd/scan.js";

/** Larger than this is not a config file anyone meant to lint. */
export const MAX_INPUT_BYTES = 8 * 1024 * 1024;

const utf8 = new TextDecoder("utf-8", { fatal: true });

export function checkText(file: string, bytes: Uint8Array): void {
  const probe = bytes.subarray(0, Math.min(bytes.length, CONF_FILE_MAX + 4));
  if (probe.includes(0)) throw new InputError(file, "binary file (contains NUL bytes); not a vsftpd config");
  try {
    utf8.decode(probe.subarray(0, CONF_FILE_MAX));
  } catch {
    throw new InputError(file, "not UTF-8 text; vsftpd configs are ASCII (re-encode it, e.g. iconv -t UTF-8)");
  }
}

function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES") return "permission denied";
  if (code === "EISDIR") return "is a directory, not a config file";
  return (err as Error).message;
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
    if (st.size > MAX_INPUT_BYTES) {
      throw new InputError(file, `${st.size} bytes is too large for a vsftpd config (vsftpd reads only ${CONF_FILE_MAX})`);
    }
    const buf = Buffer.alloc(st.isFile() ? st.size : MAX_INPUT_BYTES + 1);
    let n = 0;
    for (;;) {
      const r = readSync(fd, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
      if (n >= buf.length) break;
    }
    if (n > MAX_INPUT_BYTES) throw new InputError(file, `too large for a vsftpd config (vsftpd reads only ${CONF_FILE_MAX} bytes)`);
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
