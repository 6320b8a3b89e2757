/**
 * `ftpctl serve PROFILE`: the profile path of serve, which loads its own
 * bundle (src/commands/serve/profile.ts) only when given a profile, so a plain
 * vsftpd.conf starts without the profile machinery. A profile still serves,
 * and a bad profile is still reported as every profile command reports it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, ftpctl, NODE } from "./ftpctl.js";

/** The first reply on a control connection to `port`. */
function greeting(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: "127.0.0.1", port });
    s.setTimeout(10_000, () => s.destroy(new Error("no greeting")));
    s.once("data", (d) => {
      s.destroy();
      resolve(d.toString("latin1"));
    });
    s.once("error", reject);
  });
}

describe("ftpctl serve PROFILE", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "ftpctl-serve-profile-"));
    mkdirSync(join(dir, "root"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("serves a profile and stops on SIGTERM", async () => {
    writeFileSync(join(dir, "ftpctl.yaml"), "extends: [anonymous]\nbanner: Profile served.\n");
    const p = execa(NODE, [BIN, "serve", join(dir, "ftpctl.yaml"), "--distro", "debian", "--port", "0", "--root", join(dir, "root")], {
      reject: false,
      env: { NO_COLOR: "1" },
      timeout: 30_000,
    });
    let out = "";
    p.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 15_000;
    while (!/serving ftp:\/\/127\.0\.0\.1:\d+\//.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    const port = Number(/serving ftp:\/\/127\.0\.0\.1:(\d+)\//.exec(out)?.[1]);
    expect(port).toBeGreaterThan(0);
    expect(await greeting(port)).toBe("220 Profile served.\r\n");
    p.kill("SIGTERM");
    const r = await p;
    expect(r.exitCode).toBe(0);
    expect(out).toMatch(/stopped\n$/);
  });

  it("reports a bad profile's problems with file:line:col and exits 1", async () => {
    writeFileSync(join(dir, "bad.yaml"), "extends: [anonymous]\nbogus: 1\n");
    const r = await ftpctl(["serve", join(dir, "bad.yaml"), "--distro", "debian", "--root", join(dir, "root")]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/bad\.yaml:2:1: error: unknown key 'bogus' in the profile/);
    expect(r.stderr).toMatch(/1 error\(s\): the profile was not used\n$/);
  });

  it("names a missing profile in one line, exit 2", async () => {
    const r = await ftpctl(["serve", join(dir, "missing.yaml"), "--distro", "debian", "--root", join(dir, "root")]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("missing.yaml");
  });
});
