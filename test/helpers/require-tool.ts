/**
 * Tests that need something of the machine: a tool, root, or the test
 * sandbox. Away from CI an unmet need skips the tests with the reason; in
 * CI (`CI=true`) it fails them, because CI provides everything and no test
 * may skip there. Never use it.skip/runIf/skipIf for these: they bypass CI.
 *
 * A need is one of:
 *   - an absolute path: an executable (`"/usr/sbin/vsftpd"`);
 *   - `readable(path)`: a file that must exist and be readable (a man page);
 *   - `"root"`: uid 0. For tests that work only in their own temp
 *     directories but chown, run as another user, or start vsftpd;
 *   - `"sandbox"`: root inside the test sandbox (scripts/test-sandbox.mjs,
 *     which `npm test` uses as root). For every test that changes the
 *     system: creates accounts, writes PAM files or anything else outside its
 *     temp directories, or runs `apply` (even under --root, which takes a
 *     lock in /run/ftpctl). Run outside it as root, these skip (CI: fail);
 *   - `"locks"`: runs `apply`, which takes ftpctl's apply lock: as root
 *     that lock lives in /run/ftpctl, so root must be in the sandbox; any
 *     other user's lock lives in its own runtime or temporary directory;
 *   - `"ipv6"`: the IPv6 loopback address ::1 is configured on lo (a
 *     container started without IPv6 has none), for servers listening on it.
 *
 *   describeWithTools("accounts on this machine", ["sandbox", "/usr/sbin/useradd"], () => { ... });
 *   it("...", (ctx) => { requireTool(ctx, "root", "/usr/bin/lftp"); ... });
 */
import { accessSync, constants, readFileSync } from "node:fs";
import { describe, it } from "vitest";
import { sandboxProblem } from "./sandbox.js";

export const IN_CI = process.env.CI === "true";

const READABLE = "readable:";

/** The need for a readable file (not an executable). */
export function readable(path: string): string {
  return `${READABLE}${path}`;
}

function accessible(path: string, mode: number): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
}

export interface Requirement {
  /** An absolute binary path, `readable(path)`, "root", "sandbox", "locks" or "ipv6". */
  readonly need: string;
  readonly met: boolean;
  /** What is missing, when not met: "running as root", "/usr/bin/lftp", ... */
  readonly missing?: string;
}

/** ::1 on lo, as /proc/net/if_inet6 lists it (address, index, prefix, scope, flags, device). */
function hasIpv6Loopback(): boolean {
  try {
    return readFileSync("/proc/net/if_inet6", "utf8")
      .split("\n")
      .some((l) => /^0{31}1\s.*\slo$/.test(l.trim()));
  } catch {
    return false;
  }
}

function check(need: string): Requirement {
  if (need === "ipv6") return hasIpv6Loopback() ? { need, met: true } : { need, met: false, missing: "the IPv6 loopback address ::1" };
  if (need === "root") return process.getuid?.() === 0 ? { need, met: true } : { need, met: false, missing: "running as root" };
  if (need === "sandbox") {
    const problem = sandboxProblem();
    return problem === undefined ? { need, met: true } : { need, met: false, missing: problem };
  }
  if (need === "locks") {
    if (process.getuid?.() !== 0) return { need, met: true };
    const problem = sandboxProblem();
    return problem === undefined ? { need, met: true } : { need, met: false, missing: `${problem} (as root, apply's lock lives in /run/ftpctl)` };
  }
  if (need.startsWith(READABLE)) {
    const path = need.slice(READABLE.length);
    return accessible(path, constants.R_OK) ? { need, met: true } : { need, met: false, missing: path };
  }
  if (!need.startsWith("/")) throw new Error(`unknown need '${need}': give an absolute path, readable(path), "root", "sandbox", "locks" or "ipv6"`);
  return accessible(need, constants.X_OK) ? { need, met: true } : { need, met: false, missing: need };
}

export function checkRequirements(needs: readonly string[]): Requirement[] {
  return needs.map(check);
}

/** Undefined when all needs are met, else a sentence naming what is missing. */
export function missingReason(needs: readonly string[]): string | undefined {
  const missing = [...new Set(checkRequirements(needs).flatMap((r) => (r.met ? [] : [r.missing!])))];
  if (missing.length === 0) return undefined;
  return `requires ${missing.join(", ")}`;
}

/** What CI must do about an unmet need: install a tool, or run the suite as root through npm test. */
function ciAdvice(needs: readonly string[]): string {
  if (needs.some((n) => n === "root" || n === "sandbox" || n === "locks")) return "CI runs `npm test` as root (.ci/run) rather than skip";
  if (needs.includes("ipv6") && !hasIpv6Loopback()) return "CI must configure ::1 on lo (.ci/run) rather than skip";
  return "CI must install it (.ci/run) rather than skip";
}

/**
 * A `describe` that runs only when `needs` are met. Otherwise it is replaced
 * by one skipped test whose title gives the reason, or, in CI, by one failing
 * test that says what is missing. Either way `body` is not called: whatever
 * it does while vitest collects (temp directories, probes) does not happen.
 */
export function describeWithTools(name: string, needs: readonly string[], body: () => void): void {
  const reason = missingReason(needs);
  if (reason === undefined) {
    describe(name, body);
  } else if (IN_CI) {
    describe(name, () => {
      it(`has its tools (${reason})`, () => {
        throw new Error(`${name} ${reason}; ${ciAdvice(needs)}`);
      });
    });
  } else {
    describe(name, () => {
      it.skip(`[skipped: ${reason}]`, () => {});
    });
  }
}

/**
 * For use inside a test: `requireTool(ctx, "/usr/bin/lftp")`. Skips the
 * running test with the reason away from CI and throws in CI.
 */
export function requireTool(ctx: { skip: (note?: string) => void }, ...needs: string[]): void {
  const reason = missingReason(needs);
  if (reason === undefined) return;
  if (IN_CI) throw new Error(`${reason}; ${ciAdvice(needs)}`);
  ctx.skip(reason);
}
