/**
 * Runs one fixture through the real vsftpd and classifies what it did, by
 * observation only: nothing here knows what a fixture is meant to do. Both
 * logins (anonymous and the local test user) are tried on every server that
 * listens, whatever the file says about them; a login that is merely not
 * allowed gets a 530, which is not a refusal.
 */
import { copyFileSync, chmodSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "../helpers/ports.js";
import type { TestUser } from "../helpers/users.js";
import { startVsftpd, stopVsftpd, waitForListener, type Exit } from "../helpers/vsftpd.js";
import { probeSession, type SessionResult } from "./ftp-probe.js";
import { PATHS } from "./host-state.js";

/**
 * `startup`: vsftpd exited before listening (exit 2 with a 500 OOPS, or a
 * crash). `session`: it listened but a
 * client got 500 OOPS (at the greeting, at login or at a command).
 * `serves`: both logins ran to the end without an OOPS. `inconclusive`: the
 * harness could not tell (a timeout, an unexpected exit code).
 */
export type Outcome = "startup" | "session" | "serves" | "inconclusive";

export interface Observation {
  readonly outcome: Outcome;
  /** The refusal text: fd 0 of the listener for startup, the OOPS lines a client got otherwise. */
  readonly oops: string;
  readonly exit?: Exit;
  readonly host?: string;
  readonly sessions: readonly SessionResult[];
  /** Why the outcome is inconclusive, or other context for a failure message. */
  readonly detail?: string;
}

/**
 * Settings the harness adds after the fixture, where -o wins. None changes
 * whether vsftpd refuses: background=NO keeps the listener in the foreground
 * so its exit is observable, delay_failed_login=0 keeps rejected logins fast.
 */
export const OVERRIDES = ["background=NO", "delay_failed_login=0"] as const;

const ANON = { user: "anonymous", password: "x@y" } as const;

/** Copies the fixture to a root-owned 0600 file, since vsftpd requires a config it owns. */
export function rootOwnedCopy(fixturePath: string, name: string): string {
  mkdirSync(PATHS.confDir, { recursive: true });
  const copy = join(PATHS.confDir, name);
  copyFileSync(fixturePath, copy);
  chmodSync(copy, 0o600);
  return copy;
}

function oneLine(text: string): string {
  return text.replace(/\r?\n$/, "").replace(/\r?\n/g, " | ");
}

export async function observe(conf: string, name: string, user: TestUser): Promise<Observation> {
  // A bind failure may be another process taking the port first; a real one repeats.
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const captureDir = join(PATHS.runDir, `${name}.${attempt}`);
    mkdirSync(captureDir, { recursive: true });
    const proc = startVsftpd(conf, { port, overrides: OVERRIDES, captureDir });
    try {
      const ready = await waitForListener(proc);
      if (ready.state === "timeout") {
        return { outcome: "inconclusive", oops: proc.oops(), sessions: [], detail: "neither exited nor accepted a connection within 3 s" };
      }
      if (ready.state === "exited") {
        const { code, signal } = ready.exit;
        const text = oneLine(proc.oops());
        if (/could not bind listening/.test(text) && attempt < 2) continue;
        // Exit 2 is vsftpd's die(); a crash before listening is just as much a refusal to start.
        // Exit 0 before listening (background=YES's parent, -v) says nothing.
        const refused = code !== 0;
        const oops = text || (signal ? `(no message: killed by ${signal})` : `(no message: exit ${code})`);
        return {
          outcome: refused ? "startup" : "inconclusive",
          oops: code === 2 || !text ? oops : `${oops} (exit ${code ?? signal})`,
          exit: ready.exit,
          sessions: [],
          ...(refused ? {} : { detail: `exit 0 before listening; stderr: ${proc.stderr()}` }),
        };
      }
      const sessions = [
        await probeSession(ready.host, port, ANON.user, ANON.password),
        await probeSession(ready.host, port, user.name, user.password),
      ];
      const refused = sessions.filter((s) => s.refusedAt !== undefined);
      if (refused.length > 0) {
        const oops = [...new Set(refused.flatMap((s) => s.oops))].join(" | ");
        return { outcome: "session", oops, host: ready.host, sessions };
      }
      const broken = sessions.filter((s) => s.error !== undefined);
      if (broken.length > 0) {
        return {
          outcome: "inconclusive",
          oops: "",
          host: ready.host,
          sessions,
          detail: broken.map((s) => `${s.user}: ${s.error}`).join("; "),
        };
      }
      return { outcome: "serves", oops: "", host: ready.host, sessions };
    } finally {
      await stopVsftpd(proc);
    }
  }
}

/**
 * How a login ended: "ok" (logged in and listed), "OOPS@<step>", or the
 * reply that turned it away ("530 This FTP server is anonymous only.";
 * with `short`, just "530").
 */
export function loginSummary(s: SessionResult, short = false): string {
  if (s.refusedAt) return `OOPS@${s.refusedAt}`;
  if (s.error) return `error: ${s.error}`;
  if (s.listed) return "ok";
  const note = s.note ?? (s.loggedIn ? "logged in, no listing" : "rejected");
  return short && /^\d{3} /.test(note) ? note.slice(0, 3) : note;
}
