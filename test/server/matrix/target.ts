/**
 * What a client driver is given (where to connect, who to be, which
 * directory is its own) and what it returns: per command, allowed or
 * denied, with the reply code when the client shows it.
 */
import type { Command } from "./table.js";

/** Names every client directory holds before the run (see trees.ts). */
export const REMOTE = { get: "get.txt", mget: ["m1.txt", "m2.txt"], del: "del.txt", rmdir: "rmdir.d", mkdir: "new.d" } as const;
/** Local files every client's scratch directory holds, to upload. */
export const LOCAL = { put: "up.txt", mput: ["u1.txt", "u2.txt"], active: "act.txt" } as const;

export interface Target {
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** The client's own directory, relative to where the login lands ("pub/tnftp", "files/curl"). */
  readonly dir: string;
  /** A private local directory holding LOCAL's files; downloads land here. */
  readonly local: string;
  /** Explicit FTPS, verified against this CA file. */
  readonly caFile?: string;
}

export interface Outcome {
  readonly allow: boolean;
  /** The refusing reply's code, when the client shows it (undefined: allowed, or not shown). */
  readonly code?: number;
}

export type Outcomes = ReadonlyMap<Command, Outcome>;

export type Driver = (t: Target, commands: readonly Command[]) => Promise<Outcomes>;

/** The first refusal code (4xx/5xx) among reply lines like "550 Permission denied." or "< 550 ...". */
export function refusal(lines: readonly string[], prefix = ""): number | undefined {
  for (const l of lines) {
    const m = new RegExp(`^${prefix}([45]\\d\\d)[ -]`).exec(l);
    if (m) return Number(m[1]);
  }
  return undefined;
}

/** The order scripted clients run commands in: pwd where the login lands, then cd, then the rest in the client's directory. */
export function scriptOrder(commands: readonly Command[]): Command[] {
  const first: Command[] = ["pwd", "cd"];
  return [...first.filter((c) => commands.includes(c)), ...commands.filter((c) => !first.includes(c))];
}
