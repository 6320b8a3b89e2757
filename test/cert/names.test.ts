import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { UsageError } from "../../src/core/errors.js";
import { dnsNameProblem, ipBytes, ipVersion, localHostNames, parseSan, subjectFor } from "../../src/cert/names.js";

const dir = mkdtempSync(join(tmpdir(), "ftpctl-cert-names-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("parseSan", () => {
  it.each([
    ["DNS:ftp.example.org", { type: "dns", value: "ftp.example.org" }],
    ["dns:FTP.Example.ORG.", { type: "dns", value: "ftp.example.org" }],
    ["DNS:*.example.org", { type: "dns", value: "*.example.org" }],
    ["DNS:localhost", { type: "dns", value: "localhost" }],
    ["IP:192.0.2.10", { type: "ip", value: "192.0.2.10" }],
    ["ip:2001:DB8:0:0::1", { type: "ip", value: "2001:db8::1" }],
    ["IP:::1", { type: "ip", value: "::1" }],
  ])("%s", (text, san) => {
    expect(parseSan(text)).toEqual(san);
  });

  it.each([
    ["foo", /write DNS:name or IP:address/],
    ["URI:http://x", /write DNS:name or IP:address/],
    ["IP:999.1.1.1", /'999\.1\.1\.1' is not an IPv4 or IPv6 address/],
    ["IP:10.0.0", /not an IPv4 or IPv6 address/],
    ["IP:01.2.3.4", /not an IPv4 or IPv6 address/],
    ["IP:fe80::1%eth0", /not an IPv4 or IPv6 address/],
    ["IP:example.org", /not an IPv4 or IPv6 address/],
    ["DNS:", /it is empty/],
    ["DNS:a..b", /empty label/],
    ["DNS:-a.example", /'-a' is not a valid label/],
    ["DNS:a_b.example", /'a_b' is not a valid label/],
    ["DNS:ftp server", /spaces or non-ASCII/],
    ["DNS:bücher.example", /xn-- form/],
    ["DNS:999.1.1.1", /IP address goes in as IP:address/],
    ["DNS:*.com", /'\*' is not a valid label/],
    [`DNS:${"a".repeat(64)}.example`, /not a valid label/],
  ])("refuses %s", (text, why) => {
    expect(() => parseSan(text)).toThrow(UsageError);
    expect(() => parseSan(text)).toThrow(why);
  });
});

describe("ipVersion", () => {
  it("agrees with node:net's isIP on addresses and near-misses", () => {
    const v4 = fc.tuple(fc.nat(300), fc.nat(300), fc.nat(300), fc.nat(300)).map((t) => t.join("."));
    const v6 = fc.ipV6();
    const junk = fc.stringMatching(/^[0-9a-f:.]{0,20}$/);
    fc.assert(
      fc.property(fc.oneof(v4, v6, junk, fc.ipV4()), (s) => {
        expect(ipVersion(s)).toBe(isIP(s));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("ipBytes", () => {
  it.each([
    ["192.0.2.1", "c0000201"],
    ["::1", "00000000000000000000000000000001"],
    ["2001:db8::8:800:200c:417a", "20010db80000000000080800200c417a"],
    ["::ffff:192.0.2.1", "00000000000000000000ffffc0000201"],
    ["fe80::", "fe800000000000000000000000000000"],
  ])("%s", (ip, hex) => {
    expect(ipBytes(ip).toString("hex")).toBe(hex);
  });
});

describe("dnsNameProblem", () => {
  it("accepts host names clients can match", () => {
    for (const n of ["localhost", "ftp", "ftp-1.example.org", "xn--bcher-kva.example", "a.b.c.d.e", "*.example.org"]) expect(dnsNameProblem(n)).toBeUndefined();
  });
  it("refuses a name over 253 characters", () => {
    expect(dnsNameProblem(`${"a".repeat(60)}.`.repeat(5))).toMatch(/longer than 253/);
  });
});

describe("localHostNames", () => {
  it("takes the FQDN /etc/hosts gives the host name, as hostname -f would", () => {
    const hosts = join(dir, "hosts");
    writeFileSync(hosts, "127.0.0.1 localhost\n# 10.0.0.1 box.wrong.example box\n192.0.2.5\tbox.example.org box # the server\n");
    expect(localHostNames(hosts, "box")).toEqual({ fqdn: "box.example.org", short: "box" });
  });
  it("keeps a host name that already has a dot", () => {
    expect(localHostNames(join(dir, "none"), "ftp.example.org")).toEqual({ fqdn: "ftp.example.org", short: "ftp" });
  });
  it("falls back to the plain host name without a hosts file or a matching line", () => {
    expect(localHostNames(join(dir, "none"), "box")).toEqual({ fqdn: "box", short: "box" });
    const hosts = join(dir, "hosts2");
    writeFileSync(hosts, "192.0.2.5 other.example.org box\n");
    expect(localHostNames(hosts, "box")).toEqual({ fqdn: "box", short: "box" });
  });
});

describe("subjectFor", () => {
  const host = () => ({ fqdn: "box.example.org", short: "box" });
  it("defaults to this host's FQDN as CN, and both its names as SANs", () => {
    expect(subjectFor(undefined, [], host)).toEqual({
      commonName: "box.example.org",
      sans: [
        { type: "dns", value: "box.example.org" },
        { type: "dns", value: "box" },
      ],
    });
  });
  it("writes --cn as a SAN too (an address as an IP entry), then --san, without repeats; commas work as in openssl", () => {
    expect(subjectFor("192.0.2.1", ["DNS:ftp.example.org,IP:192.0.2.1", "dns:FTP.example.org"], host).sans).toEqual([
      { type: "ip", value: "192.0.2.1" },
      { type: "dns", value: "ftp.example.org" },
    ]);
  });
  it("refuses a CN that cannot be a SAN, or one over 64 characters", () => {
    expect(() => subjectFor("My FTP server", [], host)).toThrow(/--cn 'My FTP server': not a host name or IP address/);
    expect(() => subjectFor(`${"a".repeat(60)}.example.org`, [], host)).toThrow(/X\.509 allows 64/);
  });
  it("asks for --cn when the machine's own name is unusable", () => {
    expect(() => subjectFor(undefined, [], () => ({ fqdn: "my_box", short: "my_box" }))).toThrow(/host name 'my_box' is not a DNS name .*--cn/);
  });
});
