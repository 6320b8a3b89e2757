/** Colour by the shared conventions: NO_COLOR wins, FORCE_COLOR forces, else a terminal decides. */
import { closeSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isatty } from "node:tty";
import { expect, it } from "vitest";
import { defaultColor, isTerminal } from "../../src/core/color.js";
import { ftpctl, REPO } from "../cli/ftpctl.js";

it.each([
  [{}, true, true],
  [{}, false, false],
  [{ NO_COLOR: "1" }, true, false],
  [{ NO_COLOR: "" }, true, true],
  [{ FORCE_COLOR: "1" }, false, true],
  [{ FORCE_COLOR: "" }, false, true],
  [{ FORCE_COLOR: "0" }, true, false],
  [{ FORCE_COLOR: "false" }, true, false],
  [{ FORCE_COLOR: "1", NO_COLOR: "1" }, true, false],
] as const)("%j with a terminal: %s -> %s", (env, tty, color) => {
  expect(defaultColor(env as NodeJS.ProcessEnv, () => tty)).toBe(color);
});

it("lint in a pipe is coloured under FORCE_COLOR, and not under NO_COLOR", async () => {
  const file = `${REPO}examples/seed-jailed.conf`;
  const forced = await ftpctl(["lint", "--distro", "debian", file], { env: { FORCE_COLOR: "1" } });
  expect(forced.stdout).toContain("\u001b[");
  const plain = await ftpctl(["lint", "--distro", "debian", file], { env: { FORCE_COLOR: "1", NO_COLOR: "1" } });
  expect(plain.stdout).not.toContain("\u001b[");
});

it("tells a terminal from /dev/null, a file and a pipe as isatty does, without loading node:tty", () => {
  const dir = mkdtempSync(join(tmpdir(), "ftpctl-tty-"));
  const fds: number[] = [];
  try {
    const cases: [string, number][] = [
      ["/dev/null", openSync("/dev/null", "w")],
      ["/dev/zero", openSync("/dev/zero", "r")],
      ["a file", openSync(join(dir, "f"), "w")],
      ["a pty master", openSync("/dev/ptmx", "r+")],
      ["a closed fd", 987],
    ];
    fds.push(...cases.slice(0, 4).map(([, fd]) => fd));
    for (const [what, fd] of cases) expect(isTerminal(fd), what).toBe(isatty(fd));
    expect(isTerminal(fds[3]!)).toBe(true);
  } finally {
    for (const fd of fds) closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
});
