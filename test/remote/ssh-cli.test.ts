/**
 * `--ssh` on the command line, through a stand-in ssh client that runs the
 * server's commands on this machine (test/remote/fake-ssh.ts, chosen with
 * FTPCTL_SSH): a plan over ssh is the local plan, a connection that fails
 * is one line and exit 2 for every command, and --root with --ssh is
 * refused. The real client against a real server: test/container/ssh.test.ts.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, ftpctl } from "../cli/ftpctl.js";
import { fakeSsh, type FakeSsh } from "./fake-ssh.js";

describe("--ssh on the command line", () => {
  let fake: FakeSsh;
  let dir: string;
  let profile: string;
  const env = () => ({ NO_COLOR: "1", FTPCTL_SSH: fake.path, PATH: process.env["PATH"] ?? "/usr/bin:/bin" });

  beforeAll(() => {
    fake = fakeSsh();
    dir = mkdtempSync(join(tmpdir(), "ftpctl-ssh-cli-"));
    profile = join(dir, "ftpctl.yaml");
    writeFileSync(profile, "anonymous:\n  enabled: true\n  root: /srv/ftp\n");
  });
  afterAll(() => {
    fake?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("plan --ssh shows the plan the server itself would show", async () => {
    const local = await ftpctl(["plan", profile, "--json", "--distro", "debian"], { env: env() });
    const remote = await ftpctl(["plan", profile, "--json", "--distro", "debian", "--ssh", "root@server"], { env: env() });
    expect(remote.stderr).toBe(local.stderr);
    expect(remote.exitCode).toBe(local.exitCode);
    expect(JSON.parse(remote.stdout)).toEqual(JSON.parse(local.stdout));
    // Through the one connection: a master, then sessions on it, then ssh -O exit.
    const calls = fake.calls();
    expect(calls.filter((c) => c.includes("-M"))).toHaveLength(1);
    expect(calls.at(-1)).toEqual(expect.arrayContaining(["-O", "exit"]));
  });

  it.each([
    ["plan", ["PROFILE"]],
    ["apply", ["PROFILE", "--yes"]],
    ["doctor", []],
    ["lint", ["--host"]],
  ])("%s --ssh to a server with another host key: one line, exit 2", async (command, args) => {
    const r = await ftpctl([command, ...args.map((a) => (a === "PROFILE" ? profile : a)), "--ssh", "root@badkey"], { env: env() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^ftpctl: ssh root@badkey: host key verification failed: [^\n]*\n$/);
    expect(r.stdout).toBe("");
  });

  it("Ctrl-C while a command runs on the server closes the connection and ends as SIGINT", async () => {
    const before = fake.calls().length;
    const child = execa(process.execPath, [BIN, "plan", profile, "--ssh", "server"], { env: { ...env(), FAKE_SSH_SLOW: "20" }, extendEnv: false, reject: false, stdin: "ignore" });
    try {
      // Bounded: the first command reaches the server (and waits there) within a few seconds.
      for (let i = 0; i < 100 && fake.slowPid() === undefined; i++) await new Promise((r) => setTimeout(r, 100));
      expect(fake.slowPid()).toBeDefined();
      const t0 = Date.now();
      child.kill("SIGINT");
      const r = await child;
      expect(r.signal).toBe("SIGINT");
      expect(Date.now() - t0).toBeLessThan(5000);
      const calls = fake.calls().slice(before);
      const control = calls[0]![calls[0]!.indexOf("-S") + 1]!;
      expect(calls.at(-1)).toEqual(expect.arrayContaining(["-O", "exit"]));
      expect(existsSync(dirname(control))).toBe(false);
    } finally {
      const pid = fake.slowPid();
      if (pid !== undefined) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // Already gone.
        }
      }
      child.kill("SIGKILL");
    }
  });

  it("refuses --root with --ssh", async () => {
    const r = await ftpctl(["apply", profile, "--yes", "--root", dir, "--ssh", "server"], { env: env() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe("ftpctl: --root and --ssh do not go together: --root stages files on this machine, --ssh changes the server itself\n");
  });

  it("refuses a malformed target before connecting", async () => {
    const r = await ftpctl(["plan", profile, "--ssh=host:99999"], { env: env() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^ftpctl: --ssh "host:99999": '99999' is not a port/);
  });
});
