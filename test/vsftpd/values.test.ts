import { describe, expect, it } from "vitest";
import { atoiUint, octalToUint, parseBool, parseUint } from "../../src/vsftpd/values.js";

describe("parseBool", () => {
  it.each([
    ["YES", true],
    ["yes", true],
    ["Yes", true],
    ["TRUE", true],
    ["true", true],
    ["tRuE", true],
    ["1", true],
    ["NO", false],
    ["no", false],
    ["FALSE", false],
    ["False", false],
    ["0", false],
  ])("%j is %s", (v, b) => expect(parseBool(v)).toBe(b));

  it.each([
    "on",
    "off",
    "Y",
    "N",
    "enabled",
    "YES ",
    " YES",
    "YES\r",
    "YES\t",
    "YES # c",
    "2",
    "01",
    "",
    // C toupper() leaves non-ASCII alone: the long s does not become "S" (checked with the binary).
    "ye\u017f",
    "FAL\u017fE",
  ])("%j is refused", (v) => expect(parseBool(v)).toBeUndefined());
});

describe("parseUint", () => {
  it.each([
    ["21", 21],
    ["47212abc", 47212],
    ["lots", 0],
    [" 21", 21],
    ["\t21", 21],
    ["+21", 21],
    ["21 # comment", 21],
    ["21\r", 21],
    ["-1", 4294967295],
    ["-2", 4294967294],
    ["4294967296", 0],
    ["99999999999999999999", 4294967295],
    ["2147483648", 2147483648],
    ["112071", 112071],
    ["", 0],
    // A leading "0" means octal, up to the first non-octal digit.
    ["022", 18],
    ["0134567", 47479],
    ["0x1234", 0],
    ["08", 0],
    ["0", 0],
    ["00022", 18],
    ["0777", 511],
    ["022 ", 18],
    ["0228", 18],
    // Only a "0" in the very first byte switches to octal; a space before it does not.
    [" 022", 22],
  ])("%j is %i", (v, n) => expect(parseUint(v)).toBe(n));

  it("wraps octal at 32 bits", () => {
    expect(octalToUint("0" + "7".repeat(12))).toBe(2 ** 32 - 1);
    expect(octalToUint("040000000000")).toBe(0);
  });

  it("reads atoi like glibc: int truncation of a clamped long", () => {
    expect(atoiUint("4294967297")).toBe(1);
    expect(atoiUint("-4294967295")).toBe(1);
    expect(atoiUint("  -0")).toBe(0);
    expect(atoiUint("- 1")).toBe(0);
  });
});
