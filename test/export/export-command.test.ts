/**
 * `ftpctl export` as an operator runs it: the role goes into a new or empty
 * directory only (anything else needs --force, and replaced files are kept),
 * never through a link; user-data goes to standard output or -o FILE, 0600
 * when it holds password hashes; bad input is one line and exit 2.
 */
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ftpctl } from "../cli/ftpctl.js";
import { ANON_PROFILE, fleetProfile } from "./helpers.js";

describe("ftpctl export", () => {
  let dir: string;
  let anon: string;
  let fleet: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "ftpctl-export-cli-"));
    anon = join(dir, "anon.yaml");
    writeFileSync(anon, ANON_PROFILE);
    writeFileSync(join(dir, "alice.pw"), "s3cret\n", { mode: 0o600 });
    fleet = join(dir, "fleet.yaml");
    writeFileSync(fleet, fleetProfile(join(dir, "alice.pw")));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("ansible-role writes the role into a new directory, the hashes file 0600", async () => {
    const role = join(dir, "role-new");
    const r = await ftpctl(["export", "ansible-role", role, fleet]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^wrote the Ansible role to .*role-new \(12 files\)$/m);
    expect(readdirSync(role).sort()).toEqual(["README.md", "defaults", "files", "handlers", "meta", "tasks", "tests", "vars"]);
    expect(statSync(join(role, "vars/main.yml")).mode & 0o777).toBe(0o600);
    expect(statSync(join(role, "files/var/lib/ftpctl/passwords.json")).mode & 0o777).toBe(0o600);
    expect(statSync(join(role, "tasks/main.yml")).mode & 0o777).toBe(0o644);
    expect(readFileSync(join(role, "files/etc/vsftpd.conf"), "utf8")).toMatch(/^anonymous_enable=YES$/m);
    expect(readFileSync(join(role, "vars/main.yml"), "utf8")).not.toContain("s3cret");
  });

  it("refuses a directory that is not empty, in one line, exit 2; --force writes over it and keeps what it replaced", async () => {
    const role = join(dir, "role-full");
    mkdirSync(join(role, "tasks"), { recursive: true });
    writeFileSync(join(role, "tasks/main.yml"), "# mine\n");
    const r = await ftpctl(["export", "ansible-role", role, anon]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(`ftpctl: ${role} is not empty; use --force to write the role over what is there (replaced files are kept as FILE.bak)\n`);
    expect(readFileSync(join(role, "tasks/main.yml"), "utf8")).toBe("# mine\n");
    const f = await ftpctl(["export", "ansible-role", role, anon, "--force"]);
    expect(f.exitCode, f.stderr).toBe(0);
    expect(readFileSync(join(role, "tasks/main.yml.bak"), "utf8")).toBe("# mine\n");
    expect(readFileSync(join(role, "tasks/main.yml"), "utf8")).toMatch(/ansible\.builtin\.apt/);
  });

  it("refuses a profile value Ansible would run as a Jinja template, in one line, writing nothing", async () => {
    const jinja = join(dir, "jinja.yaml");
    writeFileSync(jinja, ANON_PROFILE.replace("root: /srv/ftp", "root: \"/srv/{{ lookup('pipe', 'id') }}\""));
    const role = join(dir, "role-jinja");
    const r = await ftpctl(["export", "ansible-role", role, jinja]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^ftpctl: vars\..*holds a Jinja delimiter .*the role is not written\n$/);
    expect(() => readdirSync(role)).toThrow();
  });

  it("never writes through a link, even with --force: not the directory, not a subdirectory, not a file", async () => {
    const outside = join(dir, "outside");
    mkdirSync(outside);
    const linked = join(dir, "role-link");
    symlinkSync(outside, linked);
    const a = await ftpctl(["export", "ansible-role", linked, anon, "--force"]);
    expect(a.exitCode).toBe(2);
    expect(a.stderr).toMatch(/^ftpctl: .*role-link: is a symbolic link, not a directory \(ftpctl does not write through links\)\n$/);

    const role = join(dir, "role-sub");
    mkdirSync(role);
    symlinkSync(outside, join(role, "tasks"));
    const b = await ftpctl(["export", "ansible-role", role, anon, "--force"]);
    expect(b.exitCode).toBe(2);
    expect(b.stderr).toMatch(/tasks: is a symbolic link, not a directory; refusing to write through it\n$/);

    const role2 = join(dir, "role-file");
    mkdirSync(join(role2, "tasks"), { recursive: true });
    symlinkSync(join(outside, "main.yml"), join(role2, "tasks/main.yml"));
    const c = await ftpctl(["export", "ansible-role", role2, anon, "--force"]);
    expect(c.exitCode).toBe(2);
    expect(c.stderr).toMatch(/main\.yml: is a symbolic link to .*; refusing to replace a link/);
    expect(readdirSync(outside)).toEqual([]);
    expect(lstatSync(join(role2, "tasks/main.yml")).isSymbolicLink()).toBe(true);
  });

  it("cloud-init prints #cloud-config on standard output", async () => {
    const r = await ftpctl(["export", "cloud-init", anon]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.startsWith("#cloud-config\n")).toBe(true);
    expect(r.stdout).toMatch(/^packages:\n {2}- vsftpd\n {2}- iptables$/m);
    expect(r.stdout).not.toMatch(/package_update/);
  });

  it("cloud-init -o FILE is 0600 when it holds password hashes; an existing FILE needs --force and is kept", async () => {
    const out = join(dir, "user-data");
    const r = await ftpctl(["export", "cloud-init", fleet, "-o", out]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readFileSync(out, "utf8")).toMatch(/hashed_passwd: \$6\$/);
    const again = await ftpctl(["export", "cloud-init", fleet, "-o", out]);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toBe(`ftpctl: ${out} already exists; use --force to replace it (the old file is kept as ${out}.bak)\n`);
    const forced = await ftpctl(["export", "cloud-init", fleet, "-o", out, "--force"]);
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(statSync(`${out}.bak`).isFile()).toBe(true);
  });

  it("a missing password source is one line, exit 2 (as for apply), and nothing written", async () => {
    const p = join(dir, "env.yaml");
    writeFileSync(p, "local:\n  enabled: true\nusers:\n  - name: carol\n    password:\n      env: CAROL_PW\n");
    const r = await ftpctl(["export", "cloud-init", p]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("ftpctl: user carol: environment variable CAROL_PW is not set or empty\n");
  });

  it("without a subcommand names both, exit 2", async () => {
    const r = await ftpctl(["export"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trimEnd().split("\n").at(-1)).toMatch(/ansible-role|cloud-init|subcommand|command/);
  });
});
