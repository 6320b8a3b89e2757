/**
 * `--ssh` against a real server: a freshly booted Debian 12 container with
 * openssh-server and a test key, and ftpctl on the HOST, as an operator
 * runs it from their own machine. ftpctl runs in the container's network
 * namespace (so 127.0.0.1:22 is the container's sshd) and in a private
 * mount namespace whose /root is a temporary home: ssh reads the home of
 * the passwd entry, not $HOME, and this way the operator's ~/.ssh/config
 * (IdentityFile, UserKnownHostsFile) is what decides, nothing ftpctl adds.
 *
 * apply --ssh provisions a local user with a password from standard input,
 * a second run changes nothing, and `ps` on the server, polled all through
 * the run, never shows the password. plan --ssh changes nothing; lint
 * --host --ssh reads the server's config and judges the server; doctor
 * --ssh checks it and verifies it at its address; a server whose host key
 * is not the one known_hosts holds is refused in one line, exit 2.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, expect, it } from "vitest";
import { bootContainer, builtCliHas, CONTAINER_TOOLS, ensureRootfs, type Container } from "../helpers/container.js";
import { describeWithTools } from "../helpers/require-tool.js";
import { lockPath } from "../../src/provision/lock.js";

const CHECKOUT = fileURLToPath(new URL("../..", import.meta.url));
const BIN = join(CHECKOUT, "bin/ftpctl.js");
const ENGINE = builtCliHas(CHECKOUT, "apply");
const SERVER = "root@127.0.0.1";
const PASSWORD = "Alice-pw-9f3c'$(x)";
const JAIL = "/srv/ftp-users/alice";

const PROFILE_TEXT = `extends: [local, jailed]
users:
  - name: alice
    password: {stdin: true}
passive:
  minPort: 40000
  maxPort: 40009
`;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const show = (r: Run) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

function keygen(path: string): string {
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "ftpctl-test", "-f", path]);
  return readFileSync(`${path}.pub`, "utf8").trim();
}

/** An operator's home: a key, a known_hosts naming the server's key, and the ssh config pointing at both. */
function operatorHome(base: string, name: string, hostKeyPub: string, clientKey: string): string {
  const home = join(base, name);
  mkdirSync(join(home, ".ssh"), { recursive: true, mode: 0o700 });
  chmodSync(home, 0o700);
  writeFileSync(join(home, ".ssh/id_ed25519"), readFileSync(clientKey), { mode: 0o600 });
  const [type, key] = hostKeyPub.split(" ");
  writeFileSync(join(home, ".ssh/known_hosts"), `127.0.0.1 ${type} ${key}\n`, { mode: 0o600 });
  writeFileSync(join(home, ".ssh/config"), "Host *\n  IdentityFile /root/.ssh/id_ed25519\n  UserKnownHostsFile /root/.ssh/known_hosts\n  IdentitiesOnly yes\n", { mode: 0o600 });
  return home;
}

describeWithTools("ftpctl --ssh against a Debian 12 server (systemd-nspawn, openssh-server)", [...CONTAINER_TOOLS, "sandbox", "/usr/bin/ssh", "/usr/bin/ssh-keygen", "/usr/bin/unshare", "/usr/bin/curl"], () => {
  let box: Container | undefined;
  let base = "";
  let home = "";
  let wrongHome = "";
  let profile = "";
  const c = () => box!;

  /** ftpctl on the host, in the server's network namespace, with `h` as the operator's home. */
  async function ftpctl(args: readonly string[], o: { input?: string; h?: string; timeoutMs?: number } = {}): Promise<Run> {
    const r = await execa(
      "nsenter",
      ["-t", String(c().leader), "-n", "unshare", "--mount", "--propagation", "private", "sh", "-c", 'mount --bind "$0" /root && exec "$@"', o.h ?? home, process.execPath, BIN, ...args],
      {
        reject: false,
        stripFinalNewline: false,
        ...(o.input !== undefined ? { input: o.input } : { stdin: "ignore" as const }),
        timeout: o.timeoutMs ?? 300_000,
        extendEnv: false,
        env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL: "C", NO_COLOR: "1" },
      },
    );
    return { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) + (r.timedOut ? "\n[timed out]" : "") };
  }

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), "ftpctl-ssh-test-"));
    const clientPub = keygen(join(base, "client"));
    const hostPub = keygen(join(base, "host"));
    const otherPub = keygen(join(base, "other-host"));
    home = operatorHome(base, "home", hostPub, join(base, "client"));
    wrongHome = operatorHome(base, "wrong-home", otherPub, join(base, "client"));
    profile = join(base, "ftpctl.yaml");
    writeFileSync(profile, PROFILE_TEXT);
    await ensureRootfs();
    box = await bootContainer({
      checkout: CHECKOUT,
      install: ["openssh-server", "procps"],
      prepare(root) {
        const ssh = join(root, "root/.ssh");
        mkdirSync(ssh, { recursive: true, mode: 0o700 });
        writeFileSync(join(ssh, "authorized_keys"), `${clientPub}\n`, { mode: 0o600 });
        // The server's one host key is the test's, so known_hosts can name it.
        for (const f of readdirSync(join(root, "etc/ssh"))) if (f.startsWith("ssh_host_")) rmSync(join(root, "etc/ssh", f));
        writeFileSync(join(root, "etc/ssh/ssh_host_ed25519_key"), readFileSync(join(base, "host")), { mode: 0o600 });
        writeFileSync(join(root, "etc/ssh/ssh_host_ed25519_key.pub"), `${hostPub}\n`, { mode: 0o644 });
      },
    });
    for (let i = 0; i < 100 && (await c().exec(["systemctl", "is-active", "ssh"])).stdout.trim() !== "active"; i++) await new Promise((r) => setTimeout(r, 100));
  }, 20 * 60_000);

  afterAll(async () => {
    await box?.stop();
    if (base) rmSync(base, { recursive: true, force: true });
  }, 60_000);

  it("plan --ssh shows the changes and makes none", async () => {
    expect(ENGINE, "the built CLI (npm run build) has the apply command").toBe(true);
    const r = await ftpctl(["plan", profile, "--ssh", SERVER, "--detailed-exitcode"], { input: `${PASSWORD}\n` });
    expect(r.code, show(r)).toBe(2);
    expect(r.stdout).toMatch(/vsftpd/);
    expect((await c().exec(["dpkg-query", "-W", "-f=${Status}", "vsftpd"])).stdout).not.toBe("install ok installed");
    expect((await c().exec(["getent", "passwd", "alice"])).code).not.toBe(0);
    expect(c().readFile("/etc/vsftpd.conf")).toBeUndefined();
  });

  it("apply --ssh provisions the server, and ps there never shows the password", async () => {
    expect(ENGINE, "the built CLI (npm run build) has the apply command").toBe(true);
    let done = false;
    const t0 = Date.now();
    const running = ftpctl(["apply", profile, "--ssh", SERVER, "--yes"], { input: `${PASSWORD}\n` }).finally(() => (done = true));
    const seen: string[] = [];
    for (let i = 0; i < 5000 && !done; i++) seen.push((await c().exec(["ps", "-eo", "args"], { timeoutMs: 10_000 })).stdout);
    const r = await running;
    console.info(`ssh: apply --ssh took ${Date.now() - t0} ms; ps polled on the server ${seen.length} times`);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toMatch(/^verify: the running server against the config, on 127\.0\.0\.1:21$/m);
    expect(r.stdout).toMatch(/^ {2}pass {2}local login /m);
    expect(r.stdout).not.toMatch(/^ {2}fail /m);
    // The polling saw ftpctl's commands on the server, and never the password.
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.some((s) => s.includes("LC_ALL=C"))).toBe(true);
    for (const s of seen) expect(s).not.toContain("Alice-pw");
    expect((await c().exec(["getent", "passwd", "alice"])).code).toBe(0);
    expect((await c().exec(["systemctl", "is-active", "vsftpd"])).stdout.trim()).toBe("active");
    expect((await c().exec(["stat", "-c", "%a %U", "/etc/vsftpd.conf"])).stdout.trim()).toBe("644 root");
    // The package's config, replaced atomically over ssh, is kept as <file>.bak with its mode.
    expect(c().readFile("/etc/vsftpd.conf.bak")).toMatch(/^listen=NO$/m);
    expect((await c().exec(["stat", "-c", "%a %U", "/etc/vsftpd.conf.bak"])).stdout.trim()).toBe("644 root");
    expect((await c().exec(["sh", "-c", "ls -a /etc | grep -c '^\\.ftpctl-' || true"])).stdout.trim()).toBe("0");
    // A real FTP login over the server's loopback, with the password apply set.
    const ls = await execa("nsenter", ["-t", String(c().leader), "-n", "curl", "-sS", "--max-time", "10", "-K", "-", "ftp://127.0.0.1/"], { input: `user = "alice:${PASSWORD.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"\n`, reject: false, timeout: 20_000 });
    expect(ls.exitCode, String(ls.stderr)).toBe(0);
    expect(String(ls.stdout)).toMatch(/files/);
  });

  it("a second apply --ssh reports no changes", async () => {
    expect(ENGINE, "the built CLI (npm run build) has the apply command").toBe(true);
    const again = await ftpctl(["apply", profile, "--ssh", SERVER, "--yes"], { input: `${PASSWORD}\n` });
    expect(again.code, show(again)).toBe(0);
    expect(again.stdout).toMatch(/\b0 changed\b/);
    const plan = await ftpctl(["plan", profile, "--ssh", SERVER, "--detailed-exitcode"], { input: `${PASSWORD}\n` });
    expect(plan.code, show(plan)).toBe(0);
  });

  it("apply --ssh waits its turn while a run on the server holds the server's apply lock", async () => {
    expect(ENGINE, "the built CLI (npm run build) has the apply command").toBe(true);
    // A lock as a run on the server leaves it, naming a live process there (its init).
    const lock = lockPath(undefined, "/run/ftpctl");
    expect((await c().exec(["sh", "-c", `mkdir -p -m 700 /run/ftpctl && printf '1\\n' > ${lock}`])).code).toBe(0);
    try {
      const r = await ftpctl(["apply", profile, "--ssh", SERVER, "--yes"], { input: `${PASSWORD}\n` });
      expect(r.code, show(r)).toBe(1);
      expect(r.stderr).toBe(`ftpctl: another ftpctl apply is running on the server (pid 1 there); wait for it to finish (lock: ${lock})\n`);
    } finally {
      await c().exec(["rm", "-f", lock]);
    }
  });

  it("lint --host --ssh reads the server's config and judges the server, not this machine", async () => {
    expect(ENGINE, "the built CLI (npm run build) has the apply command").toBe(true);
    // Only on the server: the config, and the missing anonymous root. Here the directory exists (in the test sandbox).
    const conf = "/etc/ftpctl-remote-only.conf";
    expect((await c().exec(["tee", conf], { input: "listen=YES\nanonymous_enable=YES\nanon_root=/srv/ftpctl-only-here\n" })).code).toBe(0);
    mkdirSync("/srv/ftpctl-only-here", { recursive: true });
    try {
      const r = await ftpctl(["lint", "--host", "--ssh", SERVER, "--format", "json", conf]);
      expect(r.code, show(r)).toBe(1);
      const report = JSON.parse(r.stdout) as { files: { file: string; findings: { code: string; message: string }[] }[] };
      expect(report.files[0]!.file).toBe(conf);
      const codes = report.files[0]!.findings.map((f) => f.code);
      expect(codes).toContain("VSF804");
      const here = await ftpctl(["lint", "--host", "--format", "json", conf]);
      expect(here.code, "the file is not on this machine").toBe(2);
    } finally {
      rmSync("/srv/ftpctl-only-here", { recursive: true, force: true });
    }
  });

  it("doctor --ssh checks the server and verifies it at its address", async () => {
    expect(ENGINE, "the built CLI (npm run build) has the apply command").toBe(true);
    const pw = join(base, "alice.pw");
    writeFileSync(pw, `${PASSWORD}\n`, { mode: 0o600 });
    const r = await ftpctl(["doctor", profile, "--ssh", SERVER, "--user", "alice", "--password-file", pw]);
    expect(r.code, show(r)).toBe(0);
    // No error; plain FTP for local users is a warning (VSF703), as on the server itself.
    expect(r.stdout).toMatch(/^(no problems found|0 errors, \d+ warnings?); verify: \d+ passed, 0 failed$/m);
    // A fault only the server has is found there.
    await c().exec(["chmod", "0777", JAIL]);
    try {
      const bad = await ftpctl(["doctor", profile, "--ssh", SERVER, "--no-verify"]);
      expect(bad.code, show(bad)).toBe(1);
      expect(bad.stdout).toMatch(new RegExp(`lint-host: /etc/vsftpd\\.conf:\\d+: local user alice is chrooted into '${JAIL}', which alice can write to`));
    } finally {
      await c().exec(["chmod", "0555", JAIL]);
    }
  });

  it("a server whose host key is not the known one is refused: one line, exit 2, nothing changed", async () => {
    expect(ENGINE, "the built CLI (npm run build) has the apply command").toBe(true);
    const before = c().readFile("/etc/vsftpd.conf");
    for (const args of [["apply", profile, "--yes"], ["plan", profile], ["doctor"], ["lint", "--host"]]) {
      const r = await ftpctl([...args, "--ssh", SERVER], { h: wrongHome, input: `${PASSWORD}\n` });
      expect(r.code, show(r)).toBe(2);
      expect(r.stderr).toMatch(/^ftpctl: ssh root@127\.0\.0\.1: host key verification failed: [^\n]+\n$/);
    }
    expect(c().readFile("/etc/vsftpd.conf")).toBe(before);
  });

  it("leaves no ssh master and no control directory behind", async () => {
    const ps = (await execa("ps", ["-eo", "args"])).stdout;
    expect(ps).not.toMatch(/ftpctl-ssh-[A-Za-z0-9]{6}\/control/);
    const left = readdirSync(tmpdir()).filter((n) => /^ftpctl-ssh-[A-Za-z0-9]{6}$/.test(n));
    expect(left).toEqual([]);
  });
});
