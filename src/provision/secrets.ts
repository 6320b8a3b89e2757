/**
 * Passwords for the profile's users, from a file, an environment variable or
 * standard input. Read once, before planning, so a bad source stops the run
 * before anything changes. A password only ever leaves this process on
 * chpasswd's standard input: never in argv, output, plan data or logs.
 *
 * Password files are the operator's input, like the profile, so they are
 * read from this machine's file system even under --root.
 */
import { statSync } from "node:fs";
import { errnoReason } from "../core/errno.js";
import { fileKind } from "../core/file-kind.js";
import { InputError } from "../core/errors.js";
import { readInput, readStdin, SECRET_INPUT } from "../core/read-input.js";
import type { ProfileUser } from "../profile/types.js";
import { SecretError } from "./errors.js";

export interface Secret {
  readonly user: string;
  /** Where it came from, for the plan: "file /root/alice.pw", "env ALICE_PW", "stdin". */
  readonly source: string;
  readonly value: string;
}

export interface SecretInput {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The next password from standard input: a line, or a prompt without echo on a terminal. */
  readStdin(user: string): Promise<string | undefined>;
  /** The uid that may own a password file besides root (the caller's). */
  readonly uid?: number;
}

function clean(user: string, source: string, raw: string): string {
  // One trailing newline is how files and `echo` end a line; it is not part of the password.
  const value = raw.replace(/\r?\n$/, "");
  if (value === "") throw new SecretError(`user ${user}: the password from ${source} is empty`);
  if (/[\r\n\0]/.test(value)) throw new SecretError(`user ${user}: the password from ${source} has more than one line (chpasswd takes one name:password line per user)`);
  return value;
}

function fromFile(user: string, file: string, uid: number): string {
  let st;
  try {
    st = statSync(file);
  } catch (err) {
    throw new SecretError(`user ${user}: password file ${file}: ${errnoReason(err)}`);
  }
  if (!st.isFile()) throw new SecretError(`user ${user}: password file ${file} is ${fileKind(st)}, not a regular file`);
  const mode = st.mode & 0o777;
  if (mode & 0o077) {
    const who = mode & 0o004 ? "everyone" : mode & 0o040 ? "its group" : "others";
    throw new SecretError(
      `user ${user}: password file ${file} is accessible to ${who} (mode 0${mode.toString(8)}); refusing to use it. Run: chmod 600 ${file}`,
    );
  }
  if (st.uid !== 0 && st.uid !== uid) {
    throw new SecretError(`user ${user}: password file ${file} belongs to uid ${st.uid}, not root; refusing to use it. Run: chown root: ${file}`);
  }
  let text: string;
  try {
    // Non-blocking, re-checked on the descriptor, and capped: the file may have been swapped since the stat.
    text = readInput(file, SECRET_INPUT).toString("utf8");
  } catch (err) {
    throw new SecretError(`user ${user}: password ${(err as Error).message.replace(file, `file ${file}`)}`);
  }
  return clean(user, `file ${file}`, text);
}

/**
 * The lines of a piped standard input, for `password: {stdin: true}`: read
 * once, through the one bounded reader (a pipe that is still filling, or
 * that someone made non-blocking, is waited for; /dev/zero stops at the
 * cap), and refused if it holds a NUL byte, which no password line may.
 */
export function stdinPasswordLines(): string[] {
  let bytes: Buffer;
  try {
    bytes = readStdin(SECRET_INPUT, "standard input");
  } catch (err) {
    if (err instanceof InputError) throw new SecretError(`passwords from ${err.message}`);
    throw err;
  }
  if (bytes.includes(0)) throw new SecretError("passwords from standard input: binary input (it holds NUL bytes); give one password per line");
  return bytes.toString("utf8").split("\n");
}

/**
 * Where each user's password would come from, without reading it: under
 * --root the password steps are skipped, so nothing is asked for (an unset
 * variable, a prompt, a file only the target host has) just to be named.
 */
export function secretSources(users: readonly ProfileUser[]): Map<string, Secret> {
  const out = new Map<string, Secret>();
  for (const u of users) {
    const p = u.password;
    const source = p?.file !== undefined ? `file ${p.file}` : p?.env !== undefined ? `env ${p.env}` : p?.stdin ? "stdin" : undefined;
    if (source !== undefined) out.set(u.name, { user: u.name, source, value: "" });
  }
  return out;
}

/** Reads every user's password source; throws SecretError on the first bad one. */
export async function readSecrets(users: readonly ProfileUser[], input: SecretInput): Promise<Map<string, Secret>> {
  const out = new Map<string, Secret>();
  const uid = input.uid ?? process.getuid?.() ?? 0;
  for (const u of users) {
    const p = u.password;
    if (!p) continue;
    if (p.file !== undefined) {
      out.set(u.name, { user: u.name, source: `file ${p.file}`, value: fromFile(u.name, p.file, uid) });
    } else if (p.env !== undefined) {
      const raw = input.env[p.env];
      if (raw === undefined || raw === "") throw new SecretError(`user ${u.name}: environment variable ${p.env} is not set or empty`);
      out.set(u.name, { user: u.name, source: `env ${p.env}`, value: clean(u.name, `env ${p.env}`, raw) });
    } else if (p.stdin) {
      const raw = await input.readStdin(u.name);
      if (raw === undefined) throw new SecretError(`user ${u.name}: no password on standard input (one line per user with 'password: {stdin: true}', in profile order)`);
      out.set(u.name, { user: u.name, source: "stdin", value: clean(u.name, "stdin", raw) });
    }
  }
  return out;
}
