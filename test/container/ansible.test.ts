/**
 * The exported Ansible role reaches the state apply reaches. A brand-new
 * Debian 12 container (test/helpers/container.ts) gets sshd, python3 and
 * python3-apt from its apt cache and a test key; the host's ansible-playbook
 * (Debian's ansible-core), run in the container's network namespace, applies
 * the role `ftpctl export ansible-role` wrote, over ssh to root@127.0.0.1
 * with the host key pinned in a temporary known_hosts. Then, inside:
 * `ftpctl plan --detailed-exitcode` finds nothing to change, FTP serves what
 * the profile promises, and a second ansible-playbook run reports changed=0.
 * Last, `--check --diff` on a second fresh container changes nothing.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { bootContainer, builtCliHas, CONTAINER_TOOLS, ensureRootfs, type Container, type RunResult } from "../helpers/container.js";
import { describeWithTools } from "../helpers/require-tool.js";
import { fleetProfile } from "../export/helpers.js";

const CHECKOUT = fileURLToPath(new URL("../..", import.meta.url));
const HAS_EXPORT = builtCliHas(CHECKOUT, "export");
const FTPCTL = ["node", "/opt/ftpctl/bin/ftpctl.js"];
const PASSWORD = "ansible-set-me";
const INSTALL = ["openssh-server", "python3", "python3-apt"];

const show = (r: RunResult) => `exit ${r.code}\n--- stdout\n${r.stdout.slice(-6000)}\n--- stderr\n${r.stderr.slice(-4000)}`;

/** The PLAY RECAP line's counters for the one host. */
function recap(out: string): Record<string, number> {
  const line = out.split("\n").find((l) => /^127\.0\.0\.1\s+:\s+ok=/.test(l));
  if (!line) throw new Error(`no PLAY RECAP in:\n${out.slice(-3000)}`);
  return Object.fromEntries([...line.matchAll(/(\w+)=(\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
}

describeWithTools("the exported Ansible role on a brand-new Debian 12 server", [...CONTAINER_TOOLS, "sandbox", "/usr/bin/ansible-playbook", "/usr/bin/ssh-keygen", "/usr/bin/ssh"], () => {
  let work: string;
  /** The profile's directory: the same absolute path on the host and in the containers, so the config's header (which names it) matches. */
  let profileDir: string;
  let role: string;
  let box: Container | undefined;
  const figures: string[] = [];

  /** Writes what both containers need before boot: the key, the profile and its password file. */
  const prepare = (root: string) => {
    mkdirSync(join(root, "root/.ssh"), { recursive: true, mode: 0o700 });
    writeFileSync(join(root, "root/.ssh/authorized_keys"), readFileSync(join(work, "id_ed25519.pub")), { mode: 0o600 });
    mkdirSync(join(root, profileDir.slice(1)), { recursive: true, mode: 0o700 });
    for (const f of ["fleet.yaml", "alice.pw"]) writeFileSync(join(root, profileDir.slice(1), f), readFileSync(join(profileDir, f)), { mode: 0o600 });
  };

  /** ansible-playbook from the host, in the container's network namespace, with its own config, home and known_hosts. */
  const playbook = async (c: Container, extra: string[] = []) => {
    const hostKey = c.readFile("/etc/ssh/ssh_host_ed25519_key.pub");
    if (!hostKey) throw new Error("the container has no ed25519 host key");
    writeFileSync(join(work, "known_hosts"), `127.0.0.1 ${hostKey.trim()}\n`);
    const t0 = Date.now();
    const r = await c.execNet(
      ["env", "LC_ALL=C.UTF-8", "LANG=C.UTF-8", `HOME=${join(work, "home")}`, `ANSIBLE_CONFIG=${join(work, "ansible.cfg")}`, "ANSIBLE_NOCOLOR=1", "ANSIBLE_FORCE_COLOR=0", "ansible-playbook", "-i", join(work, "inventory"), join(role, "tests/test.yml"), ...extra],
      { timeoutMs: 900_000 },
    );
    figures.push(`ansible-playbook ${extra.join(" ") || "(apply)"}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return r;
  };

  beforeAll(async () => {
    const t0 = Date.now();
    const cached = await ensureRootfs((l) => figures.push(l));
    if (cached.built) figures.push(`rootfs built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    work = mkdtempSync("/tmp/ftpctl-ansible-");
    // Under /srv, which the test sandbox overlays: nothing of it reaches the real host.
    profileDir = mkdtempSync("/srv/ftpctl-export-");
    writeFileSync(join(profileDir, "alice.pw"), `${PASSWORD}\n`, { mode: 0o600 });
    writeFileSync(join(profileDir, "fleet.yaml"), fleetProfile(join(profileDir, "alice.pw")));
    mkdirSync(join(work, "home"), { mode: 0o700 });
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "ftpctl-test", "-f", join(work, "id_ed25519")]);
    chmodSync(join(work, "id_ed25519"), 0o600);
    writeFileSync(join(work, "inventory"), "127.0.0.1 ansible_user=root ansible_python_interpreter=/usr/bin/python3\n");
    writeFileSync(
      join(work, "ansible.cfg"),
      [
        "[defaults]",
        "host_key_checking = True",
        "retry_files_enabled = False",
        `local_tmp = ${join(work, "home/tmp")}`,
        "interpreter_python = /usr/bin/python3",
        "[ssh_connection]",
        `ssh_args = -o UserKnownHostsFile=${join(work, "known_hosts")} -o StrictHostKeyChecking=yes -o IdentityFile=${join(work, "id_ed25519")} -o IdentitiesOnly=yes -o BatchMode=yes -o ControlMaster=no`,
        "pipelining = True",
        "",
      ].join("\n"),
    );
    role = join(work, "ftpctl_vsftpd");
    if (HAS_EXPORT) {
      const ex = execFileSync(process.execPath, [join(CHECKOUT, "bin/ftpctl.js"), "export", "ansible-role", role, join(profileDir, "fleet.yaml")], { encoding: "utf8" });
      figures.push(ex.split("\n")[0]!);
    }
    box = await bootContainer({ checkout: CHECKOUT, install: INSTALL, prepare });
    figures.push(`booted in ${box.bootMs} ms`);
  }, 20 * 60_000);

  afterAll(async () => {
    await box?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    if (figures.length) console.info(`ansible: ${figures.join("; ")}`);
  }, 120_000);

  const c = () => box!;

  it("ansible-playbook applies the exported role over ssh", async () => {
    expect(HAS_EXPORT, "the built CLI (npm run build) has the export command").toBe(true);
    const r = await playbook(c());
    expect(r.code, show(r)).toBe(0);
    expect(recap(r.stdout)).toMatchObject({ failed: 0, unreachable: 0 });
    expect(recap(r.stdout).changed).toBeGreaterThan(0);
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
    expect((await c().exec(["dpkg-query", "-W", "-f=${Status}", "vsftpd"])).stdout).toBe("install ok installed");
    expect((await c().exec(["systemctl", "is-active", "vsftpd"])).stdout.trim()).toBe("active");
  }, 900_000);

  it("ftpctl plan inside then reports no changes: the role reached apply's state", async () => {
    expect(HAS_EXPORT, "the built CLI (npm run build) has the export command").toBe(true);
    const plan = await c().exec([...FTPCTL, "plan", join(profileDir, "fleet.yaml"), "--detailed-exitcode"], { timeoutMs: 300_000 });
    expect(plan.code, show(plan)).toBe(0);
    expect(plan.stdout).toMatch(/alice's password matches file /);
    for (const bin of ["iptables", "ip6tables"]) {
      expect((await c().exec([bin, "-S", "INPUT"])).stdout, bin).toContain('--comment "ftpctl: control 21/tcp" -j ACCEPT');
    }
  }, 300_000);

  it("the server serves what the profile promises: anonymous download, alice's password login", async () => {
    expect(HAS_EXPORT, "the built CLI (npm run build) has the export command").toBe(true);
    expect((await c().exec(["tee", "/srv/ftp/hello.txt"], { input: "hello from ansible\n" })).code).toBe(0);
    const get = await c().execNet(["curl", "-sS", "--max-time", "10", "ftp://127.0.0.1/hello.txt"], { timeoutMs: 20_000 });
    expect(get.code, show(get)).toBe(0);
    expect(get.stdout).toBe("hello from ansible\n");
    // The password travels to curl on a config file, never on its command line.
    writeFileSync(join(work, "curlrc"), `user = "alice:${PASSWORD}"\n`, { mode: 0o600 });
    const list = await c().execNet(["curl", "-sS", "--max-time", "10", "-K", join(work, "curlrc"), "ftp://127.0.0.1/"], { timeoutMs: 20_000 });
    expect(list.code, show(list)).toBe(0);
    expect(list.stdout).toMatch(/\bfiles$/m);
  }, 120_000);

  it("a second ansible-playbook run reports changed=0", async () => {
    expect(HAS_EXPORT, "the built CLI (npm run build) has the export command").toBe(true);
    const r = await playbook(c());
    expect(r.code, show(r)).toBe(0);
    expect(recap(r.stdout)).toMatchObject({ changed: 0, failed: 0 });
  }, 900_000);

  it("--check --diff on a fresh container changes nothing", async () => {
    expect(HAS_EXPORT, "the built CLI (npm run build) has the export command").toBe(true);
    await box?.stop();
    box = undefined;
    box = await bootContainer({ checkout: CHECKOUT, install: INSTALL, prepare });
    const state = async () => ({
      dpkg: (await c().exec(["dpkg-query", "-W", "-f=${Package} ${Status}\\n"])).stdout,
      passwd: c().readFile("/etc/passwd"),
      shadow: c().readFile("/etc/shadow"),
      conf: c().readFile("/etc/vsftpd.conf"),
      pam: c().readFile("/etc/pam.d/ftpctl-vsftpd"),
      srv: (await c().exec(["find", "/srv", "/var/lib/ftpctl", "-printf", "%p %m %u:%g\\n"])).stdout,
    });
    const before = await state();
    expect(before.conf).toBeUndefined();
    const r = await playbook(c(), ["--check", "--diff"]);
    expect(r.code, show(r)).toBe(0);
    const counts = recap(r.stdout);
    expect(counts.failed).toBe(0);
    // It says what it would do...
    expect(counts.changed).toBeGreaterThan(0);
    expect(r.stdout).toMatch(/\+anonymous_enable=YES/);
    // ...and does none of it.
    expect(await state()).toEqual(before);
  }, 900_000);
});
