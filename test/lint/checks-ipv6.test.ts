import { describe, expect, it } from "vitest";
import { formatIpv6, parseIpv6 } from "../../src/lint/checks/ipv6.js";

/**
 * Expected values: what Debian's vsftpd 3.0.3 did with each text as
 * listen_address6 ("bad listen_address6", or parsed and then listening or
 * "could not bind"); checks-binary.test.ts repeats them against the binary.
 */
const PARSED: readonly (readonly [string, string, number?])[] = [
  ["::1", "::1"],
  ["0:0:0:0:0:0:0:1", "::1"],
  ["::ffff:127.0.0.1", "::ffff:7f00:1"],
  ["::FFFF:7F00:1", "::ffff:7f00:1"],
  ["::", "::"],
  ["00000000001::1", "1::1"],
  ["0000::0001", "::1"],
  ["::1:", "::1"],
  ["1::2:", "1::2"],
  ["::01.002.3.4", "::102:304"],
  ["1:2:3:4:5:6:7:8::", "1:2:3:4:5:6:7:8"],
  ["::1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"],
  ["1:2:3:4:5:6:7::8", "1:2:3:4:5:6:7:8"],
  ["fd00::2", "fd00::2"],
  ["2001:db8::", "2001:db8::"],
  // No "::" and fewer than eight groups: accepted short.
  ["1:2", "1:2::", 12],
  ["0", "::", 14],
  ["127.0.0.1", "7f00:1::", 12],
];

const REFUSED: readonly string[] = [
  "[::1]",
  "::1]",
  "1::2::3",
  ":::1",
  "::1:::",
  "::1.2.3.4.5",
  "::1.2.3",
  "::256.0.0.1",
  "1:2:3:4:5:6:7:8:9",
  "::1:2:3:4:5:6:7:8:9",
  "::g",
  "::10000",
  "::1 junk",
  "::1 ",
  "::1.",
  "::1x",
  "::1/128",
  "::1,2",
  "::1-",
  "localhost",
  ":1",
];

describe("parseIpv6 (vsftpd's parser)", () => {
  it.each(PARSED.map(([text, address, short]) => [text, address, short ?? 0] as const))("parses %j as %s", (text, address, short) => {
    const p = parseIpv6(text, { zones: false });
    expect(p && formatIpv6(p.bytes)).toBe(address);
    expect(p?.short).toBe(short);
  });
  it.each(REFUSED.map((t) => [t]))("refuses %j", (text) => {
    expect(parseIpv6(text, { zones: false })).toBeUndefined();
  });
});

describe("zone suffix", () => {
  const ZONED: readonly (readonly [string, string, string])[] = [
    ["::1%lo", "::1", "lo"],
    ["fe80::1%eth0", "fe80::1", "eth0"],
    ["::1%", "::1", ""],
    ["::1%lo%lo", "::1", "lo%lo"],
    ["::1%zz zz", "::1", "zz zz"],
    ["::%lo", "::", "lo"],
  ];
  it.each(ZONED)("Debian splits %j into %s and zone %j", (text, address, zone) => {
    const p = parseIpv6(text, { zones: true });
    expect(p && formatIpv6(p.bytes)).toBe(address);
    expect(p?.zone).toBe(zone);
  });
  it("upstream and RHEL refuse any %", () => {
    expect(parseIpv6("::1%lo", { zones: false })).toBeUndefined();
  });
  it("Debian still refuses a bad address before the %", () => {
    expect(parseIpv6("::1x%lo", { zones: true })).toBeUndefined();
  });
});

describe("formatIpv6", () => {
  const b = (...groups: number[]) => groups.flatMap((g) => [g >> 8, g & 0xff]);
  it.each([
    [b(0, 0, 0, 0, 0, 0, 0, 0), "::"],
    [b(0, 0, 0, 0, 0, 0, 0, 1), "::1"],
    [b(1, 0, 0, 0, 0, 0, 0, 0), "1::"],
    [b(1, 0, 1, 0, 0, 1, 0, 1), "1:0:1::1:0:1"],
    [b(1, 0, 0, 1, 0, 0, 0, 1), "1:0:0:1::1"],
    [b(0x2001, 0xdb8, 1, 2, 3, 4, 5, 6), "2001:db8:1:2:3:4:5:6"],
  ] as const)("%j → %s", (bytes, text) => {
    expect(formatIpv6(bytes)).toBe(text);
  });
});
