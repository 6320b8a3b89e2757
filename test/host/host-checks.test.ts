import { describe, expect, it } from "vitest";
import { debianHost, dir, fakeHostFacts } from "../helpers/fake-facts.js";
import { reachableBy, writableBy } from "../../src/lint/host-checks/access.js";
import { loadPamStack, pamDenies, usesPamShells } from "../../src/lint/host-checks/pam.js";
import { loadCertChain, loadPrivateKey, pemBlocks } from "../../src/lint/host-checks/pem.js";

describe("writableBy and reachableBy", () => {
  const host = fakeHostFacts({
    users: [
      { name: "alice", uid: 1000 },
      { name: "root", uid: 0 },
    ],
    groups: [{ gid: 50, members: ["alice"] }],
    files: { "/locked": dir({ mode: 0o700 }), "/locked/in": dir(), "/open": dir({ mode: 0o711 }), "/open/own": dir({ uid: 1000, mode: 0o700 }) },
  });
  const alice = host.user("alice")!;
  const root = host.user("root")!;
  const cases: [string, number, number, number, boolean][] = [
    ["own, 0755", 1000, 1000, 0o755, true],
    ["own, 0555", 1000, 1000, 0o555, false],
    ["own, 0577: owner bits only", 1000, 1000, 0o577, false],
    ["own group, 0775", 0, 1000, 0o775, true],
    ["own group, 0757: group bits only", 0, 1000, 0o757, false],
    ["supplementary group, 0770", 0, 50, 0o770, true],
    ["other, 0757", 0, 0, 0o757, true],
    ["other, 0755", 0, 0, 0o755, false],
  ];
  for (const [name, uid, gid, mode, want] of cases) {
    it(`writable: ${name}`, () => expect(writableBy(host, { type: "dir", uid, gid, mode }, alice)).toBe(want));
  }
  it("root writes everywhere", () => expect(writableBy(host, { type: "dir", uid: 0, gid: 0, mode: 0o555 }, root)).toBe(true));
  it("every directory on the way must be searchable", () => {
    expect(reachableBy(host, "/locked/in", alice)).toBe(false);
    expect(reachableBy(host, "/locked/in", root)).toBe(true);
    expect(reachableBy(host, "/open/own", alice)).toBe(true);
    expect(reachableBy(host, "/missing", alice)).toBe(false);
  });
});

describe("PAM stack", () => {
  it("reads Debian's vsftpd service", () => {
    const host = debianHost();
    const stack = loadPamStack(host, "vsftpd");
    expect(stack).toMatchObject({ file: "/etc/pam.d/vsftpd", fallback: false });
    expect(usesPamShells(stack)).toBe(true);
    expect(pamDenies(host, stack, "root")).toBe(true);
    expect(pamDenies(host, stack, "alice")).toBe(false);
  });

  it("falls back to other, and to nothing", () => {
    const host = debianHost();
    expect(loadPamStack(host, "missing")).toMatchObject({ file: "/etc/pam.d/other", fallback: true });
    expect(usesPamShells(loadPamStack(host, "missing"))).toBe(false);
    expect(loadPamStack(debianHost({ files: { "/etc/pam.d/other": null } }), "missing").file).toBeUndefined();
  });

  it("handles allow lists, missing list files and include loops", () => {
    const host = debianHost({
      files: {
        "/etc/pam.d/allow": "auth required pam_listfile.so item=user sense=allow file=/etc/ftp.allow onerr=fail\n@include allow\n",
        "/etc/ftp.allow": "alice\n",
        "/etc/pam.d/strict": "auth requisite pam_listfile.so item=user sense=deny file=/etc/none onerr=fail\n",
        "/etc/pam.d/lenient": "auth [success=ok default=bad] pam_listfile.so item=user sense=deny file=/etc/ftpusers\n",
      },
    });
    const allow = loadPamStack(host, "allow");
    expect(pamDenies(host, allow, "alice")).toBe(false);
    expect(pamDenies(host, allow, "bob")).toBe(true);
    expect(pamDenies(host, loadPamStack(host, "strict"), "alice")).toBe(true);
    expect(pamDenies(host, loadPamStack(host, "lenient"), "root")).toBe(false);
  });
});

describe("PEM reading", () => {
  it("finds blocks and reports what it cannot load", () => {
    expect(pemBlocks("junk\n-----BEGIN X-----\nAA\n-----END X-----\n").map((b) => b.label)).toEqual(["X"]);
    expect(loadCertChain("nothing")).toEqual({ ok: false, why: "no PEM certificate in it" });
    expect(loadPrivateKey("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAA\n-----END ENCRYPTED PRIVATE KEY-----\n").ok).toBe(false);
    expect(loadPrivateKey("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nAA\n-----END RSA PRIVATE KEY-----\n")).toMatchObject({ ok: false, why: expect.stringContaining("encrypted") });
  });
});
