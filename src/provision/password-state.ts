/**
 * How apply knows, without setting it again, that a user's password is the
 * one the profile names. Node has no crypt(3) to check a password against
 * /etc/shadow (yescrypt on Debian 12, SHA-512 on RHEL), and shelling out to
 * one (perl, python's crypt module) is not available everywhere. So when
 * apply sets a password it records, in a root-only file:
 *   - a SHA-256 of the shadow field chpasswd produced, to notice when anyone
 *     changes the password afterwards (passwd, another tool); and
 *   - an scrypt verifier of the password (random salt), to notice when the
 *     profile's password changes.
 * The password is current when both still match. The verifier is no weaker
 * than the shadow hash beside it, and the file is as private as /etc/shadow.
 */
import { createHash, randomBytes, scryptSync, timingSafeEqual } from "node:crypto";
import type { Executor } from "./executor.js";

export const STATE_DIR = "/var/lib/ftpctl";
export const PASSWORD_STATE = `${STATE_DIR}/passwords.json`;

export interface PasswordRecord {
  /** sha256 of the /etc/shadow password field, hex. */
  readonly shadow: string;
  /** scrypt$N$r$p$salt$hash, base64 salt and hash. */
  readonly verifier: string;
}

export type PasswordState = Record<string, PasswordRecord>;

const N = 16384;
const R = 8;
const P = 1;

function shadowDigest(field: string): string {
  return createHash("sha256").update(field).digest("hex");
}

export function makeRecord(shadowField: string, password: string): PasswordRecord {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32, { N, r: R, p: P });
  return { shadow: shadowDigest(shadowField), verifier: `scrypt$${N}$${R}$${P}$${salt.toString("base64")}$${hash.toString("base64")}` };
}

export type Verdict = "current" | "no-record" | "changed-outside" | "profile-changed";

export function compare(rec: PasswordRecord | undefined, shadowField: string, password: string): Verdict {
  if (!rec) return "no-record";
  if (rec.shadow !== shadowDigest(shadowField)) return "changed-outside";
  const [scheme, n, r, p, salt, hash] = rec.verifier.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return "no-record";
  const want = Buffer.from(hash, "base64");
  const got = scryptSync(password, Buffer.from(salt, "base64"), want.length, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(want, got) ? "current" : "profile-changed";
}

export async function readPasswordState(exec: Executor): Promise<PasswordState> {
  const raw = await exec.readFile(PASSWORD_STATE);
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw.toString("utf8")) as { users?: PasswordState };
    return parsed.users ?? {};
  } catch {
    // A damaged state file only costs one extra chpasswd per user.
    return {};
  }
}

/** The state file's text; also what `ftpctl export` ships for passwords it hashed. */
export function passwordStateText(state: PasswordState): string {
  return JSON.stringify({ comment: "ftpctl: verifiers of the passwords it set; see docs/provisioning.md", users: state }, null, 2) + "\n";
}

/** Writes the state, creating /var/lib/ftpctl (0700) first; returns an undo that restores the previous file. */
export async function writePasswordState(exec: Executor, state: PasswordState): Promise<() => Promise<void>> {
  const dir = await exec.stat(STATE_DIR);
  let createdDir = false;
  if (!dir) {
    const parent = await exec.stat("/var/lib");
    if (!parent) await exec.mkdir("/var/lib", { mode: 0o755, uid: 0, gid: 0 });
    await exec.mkdir(STATE_DIR, { mode: 0o700, uid: 0, gid: 0 });
    createdDir = true;
  }
  const previous = await exec.readFile(PASSWORD_STATE);
  const text = passwordStateText(state);
  await exec.writeFile(PASSWORD_STATE, text, { mode: 0o600, uid: 0, gid: 0 });
  return async () => {
    if (previous) await exec.writeFile(PASSWORD_STATE, previous, { mode: 0o600, uid: 0, gid: 0 });
    else {
      await exec.remove(PASSWORD_STATE);
      if (createdDir) await exec.remove(STATE_DIR);
    }
  };
}
