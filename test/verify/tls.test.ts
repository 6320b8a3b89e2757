/**
 * verify's TLS checks against the embedded server speaking FTPS: the ftps
 * profile passes with a good certificate; TLS not forced, an expired
 * certificate and one for another host fail the check that names them.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { pair, type Pair } from "./certs.js";
import { ALICE, failures, verifyServed } from "./harness.js";

const TLS_CHECKS = ["tls-offered", "tls-forced", "tls-data", "tls-old-protocols", "certificate"] as const;
let good: Pair;

beforeAll(async () => {
  good = await pair(["localhost", "127.0.0.1"]);
});

describe("verify on the ftps profile", () => {
  it("local, jailed, ftps with a certificate for the host: every check passes", async () => {
    const s = await verifyServed("local, jailed, ftps", { users: [ALICE], tls: good });
    expect(failures(s)).toEqual([]);
    for (const id of [...TLS_CHECKS, "local-login", "jail", "round-trip", "passive"] as const) expect(s.status[id], id).toBe("pass");
    expect(s.left).toEqual(["files", "incoming", "readme.txt"]);
  });

  it("TLS not forced: the cleartext login check fails", async () => {
    const s = await verifyServed("local, jailed, ftps", { users: [ALICE], tls: good, serverSet: ["tls.requireForLogin=false"] });
    expect(s.status["tls-forced"], failures(s).join("\n")).toBe("fail");
    expect(s.report.results.find((r) => r.id === "tls-forced")!.reason).toMatch(/password would cross the network in clear/);
  });

  it("an expired certificate fails the certificate check", async () => {
    const expired = await pair(["localhost", "127.0.0.1"], -30, -1);
    const s = await verifyServed("local, jailed, ftps", { users: [ALICE], tls: expired, context: { verify: false } });
    expect(s.status.certificate, failures(s).join("\n")).toBe("fail");
    expect(s.report.results.find((r) => r.id === "certificate")!.reason).toMatch(/^it expired on /);
  });

  it("a certificate for another host name fails the certificate check", async () => {
    const other = await pair(["ftp.example.org"]);
    const s = await verifyServed("local, jailed, ftps", { users: [ALICE], tls: other, context: { verify: false } });
    expect(s.status.certificate, failures(s).join("\n")).toBe("fail");
    expect(s.report.results.find((r) => r.id === "certificate")!.reason).toMatch(/does not name 127\.0\.0\.1/);
  });

  it("a pinned fingerprint that does not match fails; the right one passes without a CA", async () => {
    const { X509Certificate } = await import("node:crypto");
    const right = new X509Certificate(good.cert).fingerprint256;
    const pinned = await verifyServed("local, jailed, ftps", { users: [ALICE], tls: good, ca: "", context: { fingerprint: right } });
    expect(pinned.status.certificate, failures(pinned).join("\n")).toBe("pass");
    const wrong = await verifyServed("local, jailed, ftps", { users: [ALICE], tls: good, context: { fingerprint: right.replace(/^../, right.startsWith("AA") ? "BB" : "AA") } });
    expect(wrong.status.certificate).toBe("fail");
  });
});
