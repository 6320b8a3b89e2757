/**
 * explain of a vsftpd.conf: a file vsftpd refuses has no effective values (its errors are
 * printed, exit 1, as import refuses it); --set on a vsftpd.conf is a usage error, not ignored;
 * a profile is told from a vsftpd.conf by its content, not only by its name.
 */
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ftpctl, scratch } from "./cli.js";

const DEBIAN = ["--distro", "debian"];

describe("explain of a vsftpd.conf", () => {
  let dir: string;
  let remove: () => void;
  beforeAll(() => {
    ({ dir, remove } = scratch("explain-conf"));
    writeFileSync(`${dir}/sp.conf`, "listen = YES\nanonymous_enable=NO\nlocal_enable=YES\n");
    writeFileSync(`${dir}/good.conf`, "listen=YES\nanonymous_enable=NO\nlocal_enable=YES\n");
    writeFileSync(`${dir}/site.conf`, "# a profile under another name\nextends: [anonymous]\nlisten:\n  port: 2121\n");
  });
  afterAll(() => remove());

  it("a file vsftpd refuses: its errors, as import sees them, and exit 1, no values", async () => {
    const r = await ftpctl(["explain", `${dir}/sp.conf`, ...DEBIAN]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n")).toEqual([
      `${dir}/sp.conf:1:7: error: space around '=' is not trimmed: vsftpd refuses to start (unrecognised variable in config file: listen ) [VSF103]`,
      `vsftpd refuses ${dir}/sp.conf (1 error): no option is in effect; fix it first ('ftpctl lint ${dir}/sp.conf')`,
      "",
    ]);
    expect((await ftpctl(["import", `${dir}/sp.conf`, ...DEBIAN])).exitCode).toBe(1);
  });

  it("a file vsftpd refuses, under --json: one document with the findings", async () => {
    const r = await ftpctl(["explain", "--json", `${dir}/sp.conf`, ...DEBIAN]);
    expect(r.exitCode).toBe(1);
    const doc = JSON.parse(r.stdout) as { ok: boolean; findings: { code: string; line: number; messageId: string }[] };
    expect(doc.ok).toBe(false);
    expect(doc.findings.map((f) => [f.code, f.messageId, f.line])).toEqual([["VSF103", "refused", 1]]);
  });

  it("a file vsftpd serves is explained as before", async () => {
    const r = await ftpctl(["explain", `${dir}/good.conf`, "--changed", ...DEBIAN]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`listen YES           # ${dir}/good.conf:1\n`);
  });

  it("--set on a vsftpd.conf is a usage error in one line", async () => {
    const r = await ftpctl(["explain", `${dir}/good.conf`, "--set", "listen.port=1", ...DEBIAN]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(`--set applies to profiles, and ${dir}/good.conf is a vsftpd.conf`);
  });

  it("a profile named *.conf is explained as a profile, --set included", async () => {
    const r = await ftpctl(["explain", `${dir}/site.conf`, "--changed", "--set", "limits.maxClients=7", ...DEBIAN]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^listen_port 2121 +# listen\\.port: 2121 at ${dir}/site\\.conf:4:9$`, "m"));
    expect(r.stdout).toMatch(/^max_clients 7 +# limits\.maxClients: 7 at --set limits\.maxClients=7$/m);
  });

  it("--help says how the kind of FILE is decided and what a refused file does", async () => {
    const r = await ftpctl(["explain", "--help"]);
    expect(r.stdout.replace(/\s+/g, " ")).toContain("FILE is a profile when named *.yaml, *.yml or *.json or when its text is YAML or JSON");
    expect(r.stdout.replace(/\s+/g, " ")).toContain("explain prints its errors, as lint does, and exits 1");
  });
});
