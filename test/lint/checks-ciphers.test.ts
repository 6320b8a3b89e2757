import { describe, expect, it } from "vitest";
import { opensslAcceptsCipherList, tls13Names } from "../../src/lint/checks/ciphers.js";

/**
 * Expected values: whether Debian 12's vsftpd (OpenSSL 3.0) started with the
 * list or said "SSL: could not set cipher list"; checks-binary.test.ts
 * repeats them against the binary.
 */
export const CIPHER_CASES: readonly (readonly [string, boolean])[] = [
  ["HIGH", true],
  ["BOGUS", false],
  ["TLS_AES_128_GCM_SHA256", false],
  ["TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384", false],
  ["TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384", false],
  ["TLS_AES_128_GCM_SHA256:HIGH", true],
  ["HIGH:TLS_AES_128_GCM_SHA256", true],
  ["TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", false],
  ["ECDHE-RSA-AES256-GCM-SHA384", true],
  ["ECDHE-RSA-AES256-GCM-SHA384:BOGUS", true],
  ["ECDHE-RSA-AES256-GCM-SHA384 HIGH", true],
  ["ecdhe-rsa-aes256-gcm-sha384", false],
  ["!ALL", false],
  ["ALL:!ALL", false],
  ["-ALL", false],
  ["+HIGH", false],
  ["DEFAULT", true],
  ["DEFAULT@SECLEVEL=2", true],
  ["DEFAULT@SECLEVEL=5", true],
  ["@SECLEVEL=5", false],
  ["@SECLEVEL=2:HIGH", true],
  ["HIGH:@STRENGTH", true],
  ["@STRENGTH", false],
  ["HIGH;!aNULL", true],
  ["HIGH,!aNULL", true],
  ["HIGH!aNULL", true],
  ["HIGH:", true],
  [":HIGH", true],
  ["::", false],
  ["HIGH:!", false],
  ["HIGH+", false],
  ["HIGH # comment", false],
  ["'HIGH'", false],
  ["PROFILE=SYSTEM", false],
  ["DES-CBC3-SHA", false],
  ["RC4-SHA", false],
  ["AES256-SHA", true],
  ["ECDHE+AESGCM", true],
  ["TLSv1.2", true],
  ["TLSv1.3", false],
  ["HIGH:DEFAULT", true],
];

describe("opensslAcceptsCipherList", () => {
  it.each(CIPHER_CASES)("%j → %s", (list, ok) => {
    expect(opensslAcceptsCipherList(list)).toBe(ok);
  });
  it("reads a C string: text after a NUL is not seen", () => {
    expect(opensslAcceptsCipherList("HIGH\0BOGUS")).toBe(true);
  });
});

describe("tls13Names", () => {
  it("finds TLS_ names whatever the separator", () => {
    expect(tls13Names("TLS_AES_128_GCM_SHA256 HIGH,TLS_CHACHA20_POLY1305_SHA256")).toEqual([
      "TLS_AES_128_GCM_SHA256",
      "TLS_CHACHA20_POLY1305_SHA256",
    ]);
  });
});

describe("pre-answered cipher lists", () => {
  it("OpenSSL agrees with every verdict ftpctl knows without asking", async () => {
    const { KNOWN_CIPHER_VERDICTS, askOpenssl } = await import("../../src/lint/checks/ciphers.js");
    for (const [list, verdict] of KNOWN_CIPHER_VERDICTS) expect(askOpenssl(list), list).toBe(verdict);
  });

  it("covers what ftpctl renders by default", async () => {
    const { KNOWN_CIPHER_VERDICTS } = await import("../../src/lint/checks/ciphers.js");
    const { DEFAULT_CIPHERS } = await import("../../src/profile/to-options.js");
    expect(KNOWN_CIPHER_VERDICTS.get(DEFAULT_CIPHERS)).toBe(true);
  });
});
