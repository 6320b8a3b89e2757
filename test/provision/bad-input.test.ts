/**
 * Bad input to `ftpctl apply`, through the built CLI as an operator runs it
 * (`npm run build` first): each case gets one clear error and its exit code,
 * and nothing changes: neither the staging root nor, for the cases run
 * against the live system, the accounts, the config or the PAM directory.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ftpctl } from "../cli/ftpctl.js";
import { describeWithTools } from "../helpers/require-tool.js";
import { sha, snapshotAccounts, snapshotTree, writeProfile } from "./helpers.js";

const USER = "ftpctl-bad-input";

// Some cases run apply on the live system (which must refuse): only in the test sandbox.
describeWithTools("apply refuses bad input and changes nothing", ["sandbox", "/usr/sbin/userdel"], () => {
  let dir = "";
  let stage = "";
  let good = "";

  beforeAll(async () => {
    const help = await ftpctl(["--help"]);
    if (!/^\s+ftpctl apply\b/m.test(help.stdout)) throw new Error("the built CLI has no 'apply': register plan and apply in src/commands/index.ts, then npm run build");
    dir = mkdtempSync("/tmp/ftpctl-bad-input-");
    stage = join(dir, "stage");
    mkdirSync(stage);
    good = writeProfile(dir, "good.yaml", "extends: [anonymous]\n");
  });

  afterAll(async () => {
    // Only if a case failed the way it must not: the account would exist.
    await execa("userdel", ["-r", USER], { reject: false });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs apply and checks that neither the staging tree nor the live system moved. */
  async function refuses(args: string[], code: number, message: RegExp | string, opts: { input?: string } = {}) {
    const tree = snapshotTree(stage);
    const accounts = snapshotAccounts();
    const conf = sha("/etc/vsftpd.conf");
    const pam = snapshotTree("/etc/pam.d");
    const r = await ftpctl(["apply", ...args], opts.input !== undefined ? { input: opts.input } : {});
    expect(r.stderr).toMatch(message);
    expect(r.exitCode, r.stderr).toBe(code);
    expect(r.stdout).not.toMatch(/^\[\d+\/\d+\]/m);
    expect(snapshotTree(stage)).toEqual(tree);
    expect(snapshotAccounts()).toEqual(accounts);
    expect(sha("/etc/vsftpd.conf")).toBe(conf);
    expect(snapshotTree("/etc/pam.d")).toEqual(pam);
    return r;
  }

  it("an unknown distro", async () => {
    await refuses([good, "--yes", "--root", stage, "--distro", "solaris"], 2, "ftpctl: unknown distro 'solaris'; use debian, rhel, upstream or auto");
    // Under --detailed-exitcode every error is 1, never 2 ("changes pending").
    const r = await ftpctl(["plan", good, "--detailed-exitcode", "--root", stage, "--distro", "solaris"]);
    expect([r.exitCode, r.stderr]).toEqual([1, "ftpctl: unknown distro 'solaris'; use debian, rhel, upstream or auto\n"]);
  });

  it("a missing profile", async () => {
    await refuses([join(dir, "missing.yaml"), "--yes", "--root", stage], 2, `${join(dir, "missing.yaml")}: no such profile file`);
  });

  it("a user name that is not a valid Linux user name", async () => {
    const file = writeProfile(dir, "bad-name.yaml", 'extends: [local]\nusers:\n  - name: "Alice Smith"\n');
    await refuses([file, "--yes", "--root", stage], 1, /bad-name\.yaml:3:11: error: users\.0\.name must be a valid Linux user name .*got "Alice Smith"/);
    const upper = writeProfile(dir, "upper.yaml", "extends: [local]\nusers:\n  - name: Alice\n");
    await refuses([upper, "--yes", "--root", stage], 1, /users\.0\.name must be a valid Linux user name/);
  });

  it("a password file that is missing, world-readable or group-readable, on the live system", async () => {
    const pw = join(dir, "pw");
    const file = writeProfile(dir, "pw.yaml", `extends: [local]\nusers:\n  - name: ${USER}\n    password: { file: ${pw} }\n`);
    // No --root: the host itself must be left alone (no account, no PAM file, no config).
    await refuses([file, "--yes", "--only", "users,pam,config"], 2, `ftpctl: user ${USER}: password file ${pw}: no such file`);
    writeFileSync(pw, "secret-but-exposed\n");
    chmodSync(pw, 0o644);
    const r = await refuses([file, "--yes", "--only", "users,pam,config"], 2, `password file ${pw} is accessible to everyone (mode 0644); refusing to use it. Run: chmod 600 ${pw}`);
    expect(r.stdout + r.stderr).not.toContain("secret-but-exposed");
    chmodSync(pw, 0o640);
    await refuses([file, "--yes", "--only", "users,pam,config"], 2, `password file ${pw} is accessible to its group (mode 0640)`);
    expect((await execa("getent", ["passwd", USER], { reject: false })).exitCode).toBe(2);
  });

  it("no --yes without a terminal: refuses at once instead of waiting", async () => {
    const started = Date.now();
    await refuses([good, "--root", stage], 2, "ftpctl: refusing to apply without --yes: standard input is not a terminal", { input: "yes\n" });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
