import { describe, expect, it } from "vitest";
import { passiveRange } from "../../src/lint/checks/pasv-range.js";

/** Ranges seen with 150 EPSV replies each against Debian's vsftpd 3.0.3. */
describe("passiveRange", () => {
  it.each([
    [60000, 60010, "60000-60010"],
    [60000, 50000, "60000-65535"],
    [1000, 1010, "1024-65535"],
    [1000, 1100, "1024-1100"],
    [60000, 65535, "60000-65535"],
    [65535, 65535, "65535-65535"],
    [5001, 6000, "5001-6000"],
    [5001, 3000, "5001-65535"],
    [70000, 1500, "1024-1500"],
    [1025, 1030, "1025-1030"],
    [64000, 0, "64000-65535"],
    [1024, 1030, "1024-1030"],
    [5001, 0, "5001-65535"],
  ])("min %i max %i → %s", (min, max, range) => {
    const r = passiveRange(min, max);
    expect(`${r.min}-${r.max}`).toBe(range);
  });
});
