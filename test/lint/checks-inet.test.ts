import { describe, expect, it } from "vitest";
import { atonQuirk, inetAton } from "../../src/lint/checks/inet.js";

/**
 * Expected values come from glibc 2.36's inet_aton (through ctypes) and from
 * vsftpd's "bad listen_address" on the same texts; checks-binary.test.ts
 * repeats the vsftpd half.
 */
const ACCEPTED: readonly (readonly [string, string])[] = [
  ["127.0.0.1", "127.0.0.1"],
  ["127.1", "127.0.0.1"],
  ["127.0.1", "127.0.0.1"],
  ["0x7f.0.0.1", "127.0.0.1"],
  ["0X7f.1", "127.0.0.1"],
  ["0177.0.0.1", "127.0.0.1"],
  ["2130706433", "127.0.0.1"],
  ["0x7f000001", "127.0.0.1"],
  ["017700000001", "127.0.0.1"],
  ["127.0.0.1 junk", "127.0.0.1"],
  ["127.0.0.1\tjunk", "127.0.0.1"],
  ["127.0.0.1\r", "127.0.0.1"],
  ["127.0.0.1\v", "127.0.0.1"],
  ["2130706433 x", "127.0.0.1"],
  ["127.0.65535", "127.0.255.255"],
  ["127.65536", "127.1.0.0"],
  ["4294967295", "255.255.255.255"],
  ["0xffffffff", "255.255.255.255"],
  ["0127.0.0.1", "87.0.0.1"],
  ["010.0.0.1", "8.0.0.1"],
  ["0", "0.0.0.0"],
  ["127.0.0.1\0junk", "127.0.0.1"],
];

const REFUSED: readonly string[] = [
  "",
  " 127.0.0.1",
  "\t127.0.0.1",
  "+127.0.0.1",
  "-1",
  "127.0.0.1.",
  "127.0.0.256",
  "127.0.0.1junk",
  "127..0.1",
  ".127.0.0.1",
  "127.+0.0.1",
  "127. 0.0.1",
  "08.0.0.1",
  "0x.0.0.1",
  "0x",
  "00x1",
  "1.2.3.0x",
  "4294967296",
  "0x100000000",
  "99999999999999999999999",
  "256.0.0.1",
  "1.2.3.4.5",
  "127.0.0.1x",
  "localhost",
  "::1",
  "'127.0.0.1'",
];

describe("inetAton", () => {
  it.each(ACCEPTED)("accepts %j as %s", (text, dotted) => {
    expect(inetAton(text)?.dotted).toBe(dotted);
  });
  it.each(REFUSED.map((t) => [t]))("refuses %j", (text) => {
    expect(inetAton(text)).toBeUndefined();
  });
  it("gives the numeric value and the part it read", () => {
    expect(inetAton("10.0.0.1 x")).toEqual({ value: 0x0a000001, dotted: "10.0.0.1", read: "10.0.0.1" });
  });
});

describe("atonQuirk", () => {
  const cases: readonly (readonly [string, string | undefined])[] = [
    ["127.0.0.1", undefined],
    ["127.0.0.1 ", undefined],
    ["127.0.0.01", undefined],
    ["127.0.0.1 junk", "junk"],
    ["010.0.0.1", "octal"],
    ["0x7f.0.0.1", "hex"],
    ["127.1", "short"],
    ["2130706433", "short"],
  ];
  it.each(cases)("%j: %s", (text, quirk) => {
    expect(atonQuirk(text, inetAton(text)!)).toBe(quirk);
  });
});
