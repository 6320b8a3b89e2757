/**
 * A brand-new Debian 12 server, provisioned the way an operator would over
 * ssh: `ftpctl apply PROFILE --yes`, no terminal, inside a freshly booted
 * systemd-nspawn container with a private network (test/helpers/container.ts).
 *
 * First the harness itself: the container boots to a running systemd, the
 * packages apply will install are in apt's cache and not installed, and the
 * checkout's ftpctl runs on the host's node. Then, once the built CLI has
 * `apply`, the checks: vsftpd installed,
 * enabled and active; `ftp` with a nologin shell; the firewall rules; what
 * the profile promises to a client (download yes, upload no); a second
 * apply with nothing to do; and a broken change that fails with vsftpd's own
 * message, rolls back, and leaves the previous server serving.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { bootContainer, builtCliHas, CONTAINER_TOOLS, ensureRootfs, PREFETCH, type Container, type RunResult } from "../helpers/container.js";
import { describeWithTools } from "../helpers/require-tool.js";

const CHECKOUT = fileURLToPath(new URL("../..", import.meta.url));
const ENGINE = builtCliHas(CHECKOUT, "apply");
const FTPCTL = ["node", "/opt/ftpctl/bin/ftpctl.js"];
const PROFILE = "/root/ftpctl.yaml";
const CONTENT = "served by a server ftpctl set up\n";

const PROFILE_TEXT = `# Public, read-only anonymous FTP.
anonymous:
  enabled: true
  root: /srv/ftp
passive:
  minPort: 40000
  maxPort: 40009
`;

const show = (r: RunResult) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

describeWithTools("a brand-new Debian 12 server (systemd-nspawn)", CONTAINER_TOOLS, () => {
  let box: Container | undefined;
  const figures: string[] = [];

  beforeAll(async () => {
    const t0 = Date.now();
    const cached = await ensureRootfs((l) => figures.push(l));
    if (cached.built) figures.push(`rootfs built in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${JSON.stringify(cached.timings)}`);
    box = await bootContainer({ checkout: CHECKOUT });
    figures.push(`booted in ${box.bootMs} ms`);
  }, 20 * 60_000);

  afterAll(async () => {
    await box?.stop();
    if (figures.length) console.info(`new-server: ${figures.join("; ")}`);
  }, 60_000);

  const c = () => box!;
  const ftpctl = (args: string[]) => c().exec([...FTPCTL, ...args], { timeoutMs: 300_000 });
  const download = () => c().execNet(["curl", "-sS", "--max-time", "10", "ftp://127.0.0.1/hello.txt"], { timeoutMs: 20_000 });

  it("boots to a running systemd with nothing but loopback", async () => {
    expect(["running", "degraded"]).toContain((await c().exec(["systemctl", "is-system-running"])).stdout.trim());
    const links = await c().exec(["ls", "/sys/class/net"]);
    expect(links.stdout.split(/\s+/).filter(Boolean)).toEqual(["lo"]);
  });

  it("holds vsftpd's and iptables' packages in apt's cache, not installed", async () => {
    const debs = (await c().exec(["ls", "/var/cache/apt/archives"])).stdout;
    for (const p of PREFETCH) {
      expect(debs).toMatch(new RegExp(`^${p}_.*\\.deb$`, "m"));
      const q = await c().exec(["dpkg-query", "-W", "-f=${Status}", p]);
      expect(q.stdout, `${p} must not be installed before apply`).not.toBe("install ok installed");
    }
    expect((await c().exec(["sh", "-c", "command -v vsftpd iptables || true"])).stdout.trim()).toBe("");
  });

  it("runs this checkout's ftpctl on the host's node, without a terminal", async () => {
    const v = await ftpctl(["--version"]);
    expect(v.code, show(v)).toBe(0);
    expect((await c().exec(["tty"])).stdout.trim()).toBe("not a tty");
  });

  it("apply --yes sets the server up from the profile", async () => {
    expect(ENGINE, "the built CLI (npm run build) has the apply command").toBe(true);
    const w = await c().exec(["tee", PROFILE], { input: PROFILE_TEXT });
    expect(w.code).toBe(0);
    const r = await ftpctl(["apply", PROFILE, "--yes"]);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toMatch(/changed/);
    // It ends with verify against the server it set up, and every check passes.
    expect(r.stdout).toMatch(/^verify: the running server against the config, on 127\.0\.0\.1:21$/m);
    expect(r.stdout).toMatch(/^ {2}pass {2}anonymous login +anonymous login works, as declared/m);
    expect(r.stdout).toMatch(/^ {2}pass {2}passive mode \(PASV\) /m);
    expect(r.stdout).not.toMatch(/^ {2}fail /m);

    const status = await c().exec(["dpkg-query", "-W", "-f=${Status}", "vsftpd"]);
    expect(status.stdout).toBe("install ok installed");
    expect((await c().exec(["systemctl", "is-enabled", "vsftpd"])).stdout.trim()).toBe("enabled");
    expect((await c().exec(["systemctl", "is-active", "vsftpd"])).stdout.trim()).toBe("active");

    const ftp = (await c().exec(["getent", "passwd", "ftp"])).stdout.trim().split(":");
    expect(ftp[6]).toBe("/usr/sbin/nologin");

    for (const bin of ["iptables", "ip6tables"]) {
      const rules = (await c().exec([bin, "-S", "INPUT"])).stdout;
      expect(rules, bin).toContain('--dport 21 -m conntrack --ctstate NEW,ESTABLISHED -m comment --comment "ftpctl: control 21/tcp" -j ACCEPT');
      expect(rules, bin).toContain('--dport 40000:40009 -m conntrack --ctstate NEW,ESTABLISHED -m comment --comment "ftpctl: passive 40000-40009/tcp" -j ACCEPT');
    }
  });

  it("serves what the profile promises: anonymous download works, upload is refused", async () => {
    expect(ENGINE, "the built CLI (npm run build) has the apply command").toBe(true);
    expect((await c().exec(["tee", "/srv/ftp/hello.txt"], { input: CONTENT })).code).toBe(0);
    const get = await download();
    expect(get.code, show(get)).toBe(0);
    expect(get.stdout).toBe(CONTENT);

    const put = await c().execNet(["curl", "-sS", "-v", "--max-time", "10", "-T", "/etc/hostname", "ftp://127.0.0.1/upload.txt"], { timeoutMs: 20_000 });
    expect(put.code, show(put)).not.toBe(0);
    expect(put.stderr).toMatch(/< 55[03] /);
    expect(c().readFile("/srv/ftp/upload.txt")).toBeUndefined();
  });

  it("a second apply reports no changes", async () => {
    expect(ENGINE, "the built CLI (npm run build) has the apply command").toBe(true);
    const again = await ftpctl(["apply", PROFILE, "--yes"]);
    expect(again.code, show(again)).toBe(0);
    expect(again.stdout).toMatch(/\b0 changed\b/);
    const plan = await ftpctl(["plan", PROFILE, "--detailed-exitcode"]);
    expect(plan.code, show(plan)).toBe(0);
  });

  it("a change vsftpd starts with but that breaks sessions fails verify, rolls back, and the old server keeps serving", async () => {
    expect(ENGINE, "the built CLI (npm run build) has the apply command").toBe(true);
    const before = c().readFile("/etc/vsftpd.conf");
    // A cmds_allowed that forgets PWD and PASV: vsftpd starts and logins work, but no client can list or download.
    const r = await ftpctl(["apply", PROFILE, "--yes", "--set", "vsftpd.cmds_allowed=USER,PASS,QUIT,FEAT,SYST,TYPE"]);
    expect(r.code, show(r)).toBe(1);
    expect(r.stdout).toMatch(/^ {2}fail {2}passive mode \(PASV\) /m);
    expect(r.stderr).toMatch(/^ftpctl: apply failed at verify:\n {2}verify: the server does not do what the profile says: /m);
    expect(r.stderr).toMatch(/rolled back \d+ changes?/);
    expect(c().readFile("/etc/vsftpd.conf")).toBe(before);
    expect((await c().exec(["systemctl", "is-active", "vsftpd"])).stdout.trim()).toBe("active");
    const get = await download();
    expect(get.code, show(get)).toBe(0);
    expect(get.stdout).toBe(CONTENT);
  });

  it("a broken change fails with vsftpd's own message, rolls back, and the old server keeps serving", async () => {
    expect(ENGINE, "the built CLI (npm run build) has the apply command").toBe(true);
    const before = c().readFile("/etc/vsftpd.conf");
    expect(before).toBeDefined();
    const r = await ftpctl(["apply", PROFILE, "--yes", "--set", "vsftpd.ssl_enable=true", "--set", "vsftpd.rsa_cert_file=/nonexistent.pem"]);
    expect(r.code, show(r)).not.toBe(0);
    expect(`${r.stdout}\n${r.stderr}`).toContain("500 OOPS: SSL: cannot load RSA certificate");
    expect(`${r.stdout}\n${r.stderr}`).toMatch(/roll(ed|ing)? back/i);

    expect(c().readFile("/etc/vsftpd.conf")).toBe(before);
    expect((await c().exec(["systemctl", "is-active", "vsftpd"])).stdout.trim()).toBe("active");
    const get = await download();
    expect(get.code, show(get)).toBe(0);
    expect(get.stdout).toBe(CONTENT);
  });
});
