/**
 * Whether this process runs in the test sandbox that scripts/test-sandbox.mjs
 * builds (a private mount namespace with overlays over /etc, /home, /var/lib
 * and the rest of scripts/test-sandbox.json). Tests that change the system
 * (accounts, PAM files, `apply` without --root) need it: they declare
 * `"sandbox"` in describeWithTools/requireTool (./require-tool.ts).
 *
 * The environment variable only names the tmpfs; the proof is in
 * /proc/self/mountinfo: every listed directory must be an overlay whose
 * upper layer lies in that tmpfs, in a mount namespace other than init's.
 */
import { lstatSync, readFileSync, readlinkSync, realpathSync } from "node:fs";

export const SANDBOX_ENV = "FTPCTL_TEST_SANDBOX";

interface SandboxPaths {
  readonly overlay: readonly string[];
  readonly emptied: readonly string[];
}

export const SANDBOX_PATHS: SandboxPaths = JSON.parse(readFileSync(new URL("../../scripts/test-sandbox.json", import.meta.url), "utf8")) as SandboxPaths;

export interface Mount {
  readonly point: string;
  readonly fstype: string;
  readonly superOptions: string;
}

/** The lines of /proc/self/mountinfo, in mount order. */
export function parseMountinfo(text: string): Mount[] {
  const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [left = "", right = ""] = line.split(" - ");
      const [fstype = "", , superOptions = ""] = right.split(" ");
      return { point: unescape(left.split(" ")[4] ?? ""), fstype, superOptions: unescape(superOptions) };
    });
}

/** A directory that is no link and under no link: what scripts/test-sandbox.mjs covers. */
function isDir(p: string): boolean {
  try {
    return lstatSync(p).isDirectory() && realpathSync(p) === p;
  } catch {
    return false;
  }
}

/** What decides whether a process is in the sandbox. */
export interface SandboxFacts {
  readonly uid: number | undefined;
  /** The value of FTPCTL_TEST_SANDBOX. */
  readonly base: string | undefined;
  readonly mounts: readonly Mount[];
  /** readlink of /proc/self/ns/mnt and /proc/1/ns/mnt; undefined where it cannot be read. */
  readonly ownNamespace: string | undefined;
  readonly initNamespace: string | undefined;
  /** The listed directories this machine has (the launcher covers only those). */
  readonly present: (dir: string) => boolean;
}

function readlink(p: string): string | undefined {
  try {
    return readlinkSync(p);
  } catch {
    return undefined; // some hosts hide init's namespace even from root; the mounts still decide
  }
}

function processFacts(): SandboxFacts {
  return {
    uid: process.getuid?.(),
    base: process.env[SANDBOX_ENV],
    mounts: parseMountinfo(readFileSync("/proc/self/mountinfo", "utf8")),
    ownNamespace: readlink("/proc/self/ns/mnt"),
    initNamespace: readlink("/proc/1/ns/mnt"),
    present: isDir,
  };
}

let cached: { problem: string | undefined } | undefined;

/** Undefined in the sandbox, else what is missing (for a skip reason or a CI failure). */
export function sandboxProblem(): string | undefined {
  if (process.platform !== "linux") return "Linux (for the test sandbox)";
  cached ??= { problem: sandboxProblemIn(processFacts()) };
  return cached.problem;
}

export function sandboxProblemIn(facts: SandboxFacts): string | undefined {
  if (facts.uid !== 0) return "running as root";
  const base = facts.base;
  if (!base) return "the test sandbox (run `npm test`, or `node scripts/test-sandbox.mjs FILE...`)";
  if (facts.ownNamespace !== undefined && facts.ownNamespace === facts.initNamespace) {
    return `the test sandbox (${SANDBOX_ENV} is set, but this is init's mount namespace)`;
  }
  const top = (point: string) => facts.mounts.filter((m) => m.point === point).at(-1);
  for (const dir of SANDBOX_PATHS.overlay.filter(facts.present)) {
    const m = top(dir);
    if (m?.fstype !== "overlay" || !m.superOptions.split(",").some((o) => o.startsWith(`upperdir=${base}/`))) {
      return `the test sandbox (${dir} is not its overlay)`;
    }
  }
  for (const dir of SANDBOX_PATHS.emptied.filter(facts.present)) {
    if (top(dir)?.fstype !== "tmpfs") return `the test sandbox (${dir} is not its tmpfs)`;
  }
  return undefined;
}

/** For code that changes the system itself (test/helpers/users.ts): refuses outside the sandbox. */
export function assertSandbox(what: string): void {
  const problem = sandboxProblem();
  if (problem !== undefined) throw new Error(`${what} changes this machine and needs ${problem}; declare "sandbox" in describeWithTools`);
}
