/**
 * Tests that need a system tool (a binary on disk) or root. Away from CI a
 * missing tool skips the tests with the reason; in CI (`CI=true`) it fails
 * them, because CI installs every tool and no test may skip there.
 */
import { accessSync, constants } from "node:fs";
import { describe, it } from "vitest";

export const IN_CI = process.env.CI === "true";

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface Requirement {
  /** An absolute binary path, or "root" for "must run as uid 0". */
  readonly need: string;
  readonly met: boolean;
}

export function checkRequirements(needs: readonly string[]): Requirement[] {
  return needs.map((need) => ({
    need,
    met: need === "root" ? process.getuid?.() === 0 : executable(need),
  }));
}

/** Undefined when all needs are met, else a sentence naming what is missing. */
export function missingReason(needs: readonly string[]): string | undefined {
  const missing = checkRequirements(needs).filter((r) => !r.met).map((r) => r.need);
  if (missing.length === 0) return undefined;
  return `requires ${missing.map((m) => (m === "root" ? "running as root" : m)).join(", ")}`;
}

/**
 * A `describe` that runs only when `needs` are met. Otherwise it is skipped
 * with the reason in its title, or, in CI, replaced by one failing test that
 * says what to install.
 */
export function describeWithTools(name: string, needs: readonly string[], body: () => void): void {
  const reason = missingReason(needs);
  if (reason === undefined) {
    describe(name, body);
  } else if (IN_CI) {
    describe(name, () => {
      it(`has its tools (${reason})`, () => {
        throw new Error(`${name} ${reason}; CI must install it (.ci/run) rather than skip`);
      });
    });
  } else {
    describe.skip(`${name} [skipped: ${reason}]`, body);
  }
}

/**
 * For use inside a test: `requireTool(ctx, "/usr/bin/lftp")`. Skips the
 * running test with the reason away from CI and throws in CI.
 */
export function requireTool(ctx: { skip: (note?: string) => void }, ...needs: string[]): void {
  const reason = missingReason(needs);
  if (reason === undefined) return;
  if (IN_CI) throw new Error(`${reason}; CI must install it (.ci/run) rather than skip`);
  ctx.skip(reason);
}
