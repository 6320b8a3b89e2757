/** Colour by the shared conventions: NO_COLOR wins, FORCE_COLOR forces, else a terminal decides. */
import { expect, it } from "vitest";
import { defaultColor } from "../../src/core/color.js";
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
