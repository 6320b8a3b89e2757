/**
 * The one reader for every file ftpctl reads on a user's behalf (configs,
 * profiles, PEM files, password files, locks): it cannot hang and cannot
 * exhaust memory. The path is looked at before it is opened, so a FIFO, a
 * device (/dev/zero, a tape that rewinds on open) or a directory is refused
 * without an open(2); the open is O_NONBLOCK|O_NOCTTY, and fstat(2) on the
 * descriptor confirms it is the same regular file. At most `maxBytes` are
 * read, whatever the size claims (/proc files say 0). Standard input, where
 * a command documents `-`, is read with the same cap.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { fileKind } from "./file-kind.js";
import { errnoCode, errnoReason } from "./errno.js";
import { InputError } from "./errors.js";

export interface InputKind {
  /** "a config file": in "is a directory, not a config file". */
  readonly noun: string;
  /** "a vsftpd config": in "too large for a vsftpd config". */
  readonly tooLargeFor: string;
  readonly maxBytes: number;
  /** Said after the size when the file is too large. */
  readonly note?: string;
}

const MIB = 1024 * 1024;

export const CONFIG_INPUT: InputKind = {
  noun: "a config file",
  tooLargeFor: "a vsftpd config",
  maxBytes: 8 * MIB,
  // vsftpd's VSFTP_CONF_FILE_MAX (parseconf.c).
  note: "vsftpd itself reads only the first 100000 bytes",
};
/** Profiles are a few kilobytes; a megabyte is a generous ceiling that still bounds YAML's work. */
export const PROFILE_INPUT: InputKind = { noun: "a profile", tooLargeFor: "a profile", maxBytes: MIB };
/** A certificate chain, or a key with its certificate: tens of kilobytes at most. */
export const PEM_INPUT: InputKind = { noun: "a PEM file", tooLargeFor: "a PEM file", maxBytes: MIB };
/** One line with one password. */
export const SECRET_INPUT: InputKind = { noun: "a password file", tooLargeFor: "a password file", maxBytes: 64 * 1024 };
/** A process id and a few words. */
export const LOCK_INPUT: InputKind = { noun: "a lock file", tooLargeFor: "a lock file", maxBytes: 4096 };

function sizeText(n: number): string {
  return n >= MIB && n % MIB === 0 ? `${n / MIB} MiB` : n >= 1024 && n % 1024 === 0 ? `${n / 1024} KiB` : `${n} bytes`;
}

function tooLarge(shown: string, kind: InputKind, size: string): InputError {
  return new InputError(shown, `too large for ${kind.tooLargeFor}: ${size}${kind.note ? ` (${kind.note})` : ""}`);
}

function notRegular(shown: string, kind: InputKind, st: Stats): InputError {
  return new InputError(shown, `is ${fileKind(st)}, not ${kind.noun}`);
}

/** Reads up to maxBytes + 1 bytes, so that "more than the cap" can be told from "exactly the cap". */
function readCapped(fd: number, shown: string, kind: InputKind, expect: number): Buffer {
  const buf = Buffer.alloc(Math.min(expect, kind.maxBytes) + 1);
  let n = 0;
  let chunks: Buffer[] | undefined;
  let total = 0;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    if (n === buf.length) {
      // The size said less than there is (a file growing, /proc): keep reading, still bounded.
      (chunks ??= []).push(Buffer.from(buf));
      total += n;
      n = 0;
      if (total > kind.maxBytes) throw tooLarge(shown, kind, `more than ${sizeText(kind.maxBytes)}`);
    }
    let r: number;
    try {
      r = readSync(fd, buf, n, buf.length - n, null);
    } catch (err) {
      // A pipe on standard input that someone made non-blocking: wait as a blocking read would.
      if (errnoCode(err) === "EAGAIN") {
        Atomics.wait(pause, 0, 0, 5);
        continue;
      }
      throw err;
    }
    if (r === 0) break;
    n += r;
  }
  const all = chunks ? Buffer.concat([...chunks, buf.subarray(0, n)]) : buf.subarray(0, n);
  if (all.length > kind.maxBytes) throw tooLarge(shown, kind, `more than ${sizeText(kind.maxBytes)}`);
  return all;
}

export interface ReadOptions {
  /** Names the file in messages (default: the path). */
  readonly shown?: string;
  /**
   * "refuse" for a file ftpctl names itself in a place others may write (a
   * lock): a symbolic link there is refused and the open is O_NOFOLLOW.
   * Default "follow": a path the user gave may be a link to a regular file.
   */
  readonly links?: "follow" | "refuse";
}

/** Reads a regular file, refusing everything else without opening it. */
export function readInput(path: string, kind: InputKind, opts: ReadOptions = {}): Buffer {
  const shown = opts.shown ?? path;
  const refuseLinks = opts.links === "refuse";
  let st: Stats;
  try {
    st = refuseLinks ? lstatSync(path) : statSync(path);
  } catch (err) {
    throw new InputError(shown, errnoReason(err), errnoCode(err));
  }
  if (st.isSymbolicLink()) throw new InputError(shown, `is a symbolic link; refusing to follow it for ${kind.noun}`);
  if (!st.isFile()) throw notRegular(shown, kind, st);
  if (st.size > kind.maxBytes) throw tooLarge(shown, kind, `${st.size} bytes, over the ${sizeText(kind.maxBytes)} limit`);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY | (refuseLinks ? constants.O_NOFOLLOW : 0));
  } catch (err) {
    throw new InputError(shown, errnoReason(err), errnoCode(err));
  }
  try {
    const now = fstatSync(fd);
    if (!now.isFile()) throw notRegular(shown, kind, now);
    if (now.ino !== st.ino || now.dev !== st.dev) throw new InputError(shown, "it was replaced while ftpctl was opening it; try again");
    return readCapped(fd, shown, kind, now.size);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(shown, errnoReason(err));
  } finally {
    closeSync(fd);
  }
}

let stdinReadAs: string | undefined;

/**
 * Standard input, for a command that documents `-`: a pipe, a file or a
 * terminal, read to its end but never past the cap. A directory given as
 * standard input is refused like one given by name.
 */
export function readStdin(kind: InputKind, shown = "<stdin>"): Buffer {
  // Read once: a second reader (passwords after a profile given as '-') would find it empty and misjudge why.
  if (stdinReadAs) throw new InputError(shown, `already read as ${stdinReadAs}; standard input can hold only one of them`);
  stdinReadAs = kind.noun;
  let st: Stats;
  try {
    st = fstatSync(0);
  } catch (err) {
    throw new InputError(shown, errnoReason(err));
  }
  if (st.isDirectory()) throw notRegular(shown, kind, st);
  if (st.isFile() && st.size > kind.maxBytes) throw tooLarge(shown, kind, `${st.size} bytes, over the ${sizeText(kind.maxBytes)} limit`);
  try {
    return readCapped(0, shown, kind, st.isFile() ? st.size : 64 * 1024);
  } catch (err) {
    if (err instanceof InputError) throw err;
    // EOF-less closed stdin, or none at all (EBADF): nothing to read.
    if (errnoCode(err) === "EBADF" || errnoCode(err) === "EOF") return Buffer.alloc(0);
    throw new InputError(shown, errnoReason(err));
  }
}

/** The first line of a password file, through the bounded reader (the password is never a command-line word). */
export function passwordLine(file: string): string {
  return readInput(file, SECRET_INPUT).toString("utf8").split(/\r?\n/)[0] ?? "";
}
