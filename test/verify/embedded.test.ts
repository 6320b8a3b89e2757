/**
 * verify against the embedded server: each built-in profile passes, and a
 * fault injected into the server (a --set the expectations do not share)
 * fails the check that names it, and only that one.
 */
import { describe, expect, it } from "vitest";
import { ALICE, failures, verifyServed } from "./harness.js";

const TREE = ["files", "incoming", "readme.txt"];

describe("verify passes on every built-in profile served as declared", () => {
  it.each([
    ["anonymous", [], ["banner", "anonymous-login", "anonymous-upload", "anonymous-mkdir", "anonymous-delete", "jail", "passive", "epsv", "active", "tls-offered"]],
    ["dropbox", [], ["anonymous-login", "anonymous-upload", "anonymous-mkdir", "anonymous-delete", "jail"]],
    ["local", [ALICE], ["anonymous-login", "local-login", "jail", "round-trip", "passive", "tls-forced"]],
    ["local, anonymous", [ALICE], ["anonymous-login", "local-login", "jail", "round-trip"]],
    ["local, jailed", [ALICE], ["local-login", "jail", "round-trip", "passive"]],
  ] as const)("%s", async (profiles, users, passing) => {
    const s = await verifyServed(profiles, { users });
    expect(failures(s)).toEqual([]);
    for (const id of passing) expect(s.status[id], id).toBe("pass");
    expect(s.left, "verify left nothing behind").toEqual(TREE);
  });
});

describe("a fault injected into the server fails the check that names it", () => {
  it.each([
    ["anonymous upload enabled", "anonymous", ["anonymous.upload=true"], [], "anonymous-upload"],
    ["anonymous logins on where the profile forbids them", "local", ["anonymous.enabled=true"], [ALICE], "anonymous-login"],
    ["anonymous logins off where the profile allows them", "anonymous", ["anonymous.enabled=false", "local.enabled=true"], [], "anonymous-login"],
    ["chroot off for a jailed user", "local, jailed", ["jail.enabled=false"], [ALICE], "jail"],
    ["a wrong pasv_address (the NAT mistake)", "anonymous", ["passive.address=192.0.2.10"], [], "passive"],
    ["active mode on where the profile has it off", "anonymous", ["active.enabled=true"], [], "active"],
  ] as const)("%s", async (_name, profiles, serverSet, users, check) => {
    const s = await verifyServed(profiles, { serverSet, users });
    expect(s.status[check], failures(s).join("\n")).toBe("fail");
    expect(s.report.results.filter((r) => r.status === "fail").map((r) => r.id)).toContain(check);
    expect(s.left).toEqual(TREE);
  });

  it("a greeting other than the declared banner", async () => {
    const s = await verifyServed("anonymous", { serverSet: ["banner=Welcome elsewhere"], expectSet: ["banner=Welcome to ftp.example.org"] });
    expect(s.status.banner, failures(s).join("\n")).toBe("fail");
    expect(s.report.results.find((r) => r.id === "banner")!.reply).toBe("220 Welcome elsewhere");
  });

  it("a passive range other than the declared one", async () => {
    const s = await verifyServed("anonymous", { serverSet: ["passive.minPort=40000", "passive.maxPort=40004"] });
    expect(s.status.passive, failures(s).join("\n")).toBe("fail");
    expect(s.report.results.find((r) => r.id === "passive")!.reason).toMatch(/outside the declared range/);
  });
});
