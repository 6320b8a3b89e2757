/**
 * lint --host run by an ordinary user on a real machine: paths inside a
 * root-only directory cannot be looked up (EACCES), which proves nothing
 * about them. The lint must say what it could not check and never claim a
 * refusal it did not establish; root, running the same lint, still does.
 */
import { chmodSync, cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ftpctl, REPO } from "../cli/ftpctl.js";
import { describeWithTools } from "../helpers/require-tool.js";

const NOBODY = ["--reuid=65534", "--regid=65534", "--clear-groups"];

describeWithTools("lint --host as uid 65534 beside a root-only directory", ["root", "/usr/bin/setpriv"], () => {
  let dir = "";
  let conf = "";
  let hidden = "";
  /** A copy of the built CLI that uid 65534 can read: the checkout may sit under root's 0700 home. */
  let bin = "";

  beforeAll(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), "ftpctl-lint-nobody-")));
    chmodSync(dir, 0o755);
    const app = join(dir, "app");
    for (const part of ["bin", "dist"]) cpSync(join(REPO, part), join(app, part), { recursive: true });
    bin = join(app, "bin/ftpctl.js");
    hidden = join(dir, "private");
    mkdirSync(hidden, { mode: 0o700 });
    writeFileSync(join(hidden, "banner"), "Welcome\n");
    writeFileSync(join(hidden, "cert.pem"), "not a certificate\n");
    mkdirSync(join(hidden, "empty"));
    mkdirSync(join(hidden, "users"));
    chmodSync(hidden, 0o700);
    conf = join(dir, "vsftpd.conf");
    writeFileSync(
      conf,
      [
        "listen=YES",
        "anonymous_enable=NO",
        `banner_file=${hidden}/banner`,
        `secure_chroot_dir=${hidden}/empty`,
        `user_config_dir=${hidden}/users`,
        "ssl_enable=YES",
        `rsa_cert_file=${hidden}/cert.pem`,
        `rsa_private_key_file=${hidden}/missing.key`,
        "",
      ].join("\n"),
      { mode: 0o644 },
    );
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const hostFindings = (out: string) => out.split("\n").filter((l) => / \[VSF8\d\d\]$/.test(l));

  it("makes no 'does not exist' claim and no host error, and says what it could not check", async () => {
    const r = await execa("setpriv", [...NOBODY, process.execPath, bin, "lint", "--host", conf], {
      reject: false,
      env: { NO_COLOR: "1" },
      extendEnv: false,
      timeout: 30_000,
    });
    const out = String(r.stdout) + String(r.stderr);
    expect(out).not.toContain("does not exist");
    const found = hostFindings(out);
    expect(found.filter((l) => l.includes(": error: "))).toEqual([]);
    for (const path of ["banner", "empty", "cert.pem", "missing.key"]) {
      expect(found.some((l) => l.includes(": info: not checked: needs root: ") && l.includes(`${hidden}/${path}' (looking it up fails for ftpctl: permission denied (EACCES)`)), path).toBe(true);
    }
  });

  it("as root, still reports what vsftpd would meet", async () => {
    const r = await ftpctl(["lint", "--host", conf]);
    const found = hostFindings(r.stdout + r.stderr);
    expect(found.some((l) => l.includes(`: error: rsa_private_key_file '${hidden}/missing.key' does not exist`))).toBe(true);
    expect(found.some((l) => l.includes(`: error: rsa_cert_file '${hidden}/cert.pem' does not load as a certificate`))).toBe(true);
    expect(found.filter((l) => l.includes("could not be checked") || l.includes("needs root"))).toEqual([]);
  });
});
