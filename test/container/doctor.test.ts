/**
 * `ftpctl doctor` on a server ftpctl set up (a booted Debian 12 container):
 * clean after apply, then each host fault an operator meets is broken in,
 * found with the right finding and fix, and put back.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { bootContainer, builtCliHas, CONTAINER_TOOLS, ensureRootfs, type Container, type RunResult } from "../helpers/container.js";
import { describeWithTools } from "../helpers/require-tool.js";

const CHECKOUT = fileURLToPath(new URL("../..", import.meta.url));
const ENGINE = builtCliHas(CHECKOUT, "doctor");
const FTPCTL = ["node", "/opt/ftpctl/bin/ftpctl.js"];
const PROFILE = "/root/ftpctl.yaml";
const PASSWORD = "/root/alice.pw";
const JAIL = "/srv/ftp-users/alice";

const PROFILE_TEXT = `extends: [local, jailed]
users:
  - name: alice
    password: {file: ${PASSWORD}}
passive:
  minPort: 40000
  maxPort: 40009
`;

const show = (r: RunResult) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

describeWithTools("ftpctl doctor on a server ftpctl set up (systemd-nspawn)", CONTAINER_TOOLS, () => {
  let box: Container | undefined;
  const c = () => box!;
  const sh = (script: string) => c().exec(["sh", "-c", script]);
  const doctor = () => c().exec([...FTPCTL, "doctor", PROFILE, "--user", "alice", "--password-file", PASSWORD], { timeoutMs: 120_000 });

  beforeAll(async () => {
    await ensureRootfs();
    box = await bootContainer({ checkout: CHECKOUT });
    expect((await c().exec(["tee", PROFILE], { input: PROFILE_TEXT })).code).toBe(0);
    expect((await c().exec(["sh", "-c", `umask 077 && cat > ${PASSWORD}`], { input: "alice-Secret-1\n" })).code).toBe(0);
    const r = await c().exec([...FTPCTL, "apply", PROFILE, "--yes"], { timeoutMs: 300_000 });
    if (r.code !== 0) throw new Error(`apply failed: ${show(r)}`);
  }, 20 * 60_000);

  afterAll(async () => {
    await box?.stop();
  }, 60_000);

  it("finds nothing wrong on the server apply set up but plain FTP, which the profile chose, and verify passes", async () => {
    expect(ENGINE, "the built CLI (npm run build) has the doctor command").toBe(true);
    const r = await doctor();
    expect(r.code, show(r)).toBe(0);
    // local + jailed without ftps: local passwords cross the network in clear text (VSF703), a warning only.
    expect(r.stdout).toMatch(/^warning lint-host: \/etc\/vsftpd\.conf:\d+: local users log in with their system passwords over plain FTP/m);
    expect(r.stdout).toMatch(/^0 errors, 1 warning; verify: \d+ passed, 0 failed$/m);
  });

  it("a writable chroot root: the lint finding, with its fix", async () => {
    await sh(`chmod 0777 ${JAIL}`);
    try {
      const r = await doctor();
      expect(r.code, show(r)).toBe(1);
      expect(r.stdout).toMatch(new RegExp(`^error {3}lint-host: /etc/vsftpd\\.conf:\\d+: local user alice is chrooted into '${JAIL}', which alice can write to: their logins get 500 OOPS`, "m"));
      // verify, run after the checks, meets the same refusal over the wire.
      expect(r.stdout).toMatch(/^error {3}verify: verify local-login: .*\[500 OOPS: vsftpd: refusing to run with writable root inside chroot\(\)\]$/m);
      expect(r.stdout).toMatch(/^ {8}fix: 'ftpctl rules VSF806' prints the rule's page, with the fix$/m);
    } finally {
      await sh(`chmod 0555 ${JAIL}`);
    }
  });

  it("nologin missing from /etc/shells while the PAM service requires pam_shells", async () => {
    // Debian's own vsftpd PAM service has pam_shells; ftpctl's (ftpctl-vsftpd) has not.
    await sh("cp /etc/vsftpd.conf /root/vsftpd.conf.keep && sed -i 's/^pam_service_name=.*/pam_service_name=vsftpd/' /etc/vsftpd.conf && grep -q pam_shells /etc/pam.d/vsftpd");
    try {
      expect((await sh("grep -c nologin /etc/shells || true")).stdout.trim()).toBe("0");
      const r = await doctor();
      // Found before any login fails: the running vsftpd still has the old config, so verify still passes.
      expect(r.stdout, show(r)).toMatch(/^warning lint-host: \/etc\/vsftpd\.conf:\d+: local user alice has shell '\/usr\/sbin\/nologin', which is not in \/etc\/shells, and \/etc\/pam\.d\/vsftpd requires pam_shells: their logins fail with 530 Login incorrect/m);
      expect(r.stdout).toMatch(/^ {8}fix: 'ftpctl rules VSF807' prints the rule's page, with the fix$/m);
    } finally {
      await sh("cp /root/vsftpd.conf.keep /etc/vsftpd.conf");
    }
  });

  it("vsftpd stopped: the service and the port", async () => {
    await sh("systemctl stop vsftpd");
    try {
      const r = await doctor();
      expect(r.code, show(r)).toBe(1);
      expect(r.stdout).toMatch(/^error {3}service: vsftpd is not running \(systemctl is-active: inactive\)$/m);
      expect(r.stdout).toMatch(/^ {8}fix: systemctl start vsftpd/m);
      expect(r.stdout).toMatch(/^error {3}listener: nothing listens on port 21$/m);
    } finally {
      await sh("systemctl start vsftpd");
    }
  });

  it("the passive range closed in the firewall", async () => {
    await sh("iptables -I INPUT -p tcp --dport 40000:40009 -j DROP");
    try {
      const r = await doctor();
      expect(r.code, show(r)).toBe(1);
      expect(r.stdout).toMatch(/^error {3}firewall: iptables drops new connections to the passive range 40000-40009 \(-A INPUT -p tcp -m tcp --dport 40000:40009 -j DROP\)$/m);
      expect(r.stdout).toMatch(/^ {8}fix: iptables -I INPUT -p tcp --dport 40000:40009 -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT/m);
    } finally {
      await sh("iptables -D INPUT -p tcp --dport 40000:40009 -j DROP");
    }
  });

  it("a port conflict on 21: the other process named", async () => {
    await sh("systemctl stop vsftpd && systemd-run --unit=squatter node -e \"require('net').createServer().listen(21)\" && sleep 1");
    try {
      const r = await doctor();
      expect(r.code, show(r)).toBe(1);
      expect(r.stdout).toMatch(/^error {3}listener: port 21 is taken by node \(pid \d+\), not vsftpd/m);
      expect(r.stdout).toMatch(/^ {8}fix: stop node or move it to another port, or give vsftpd another listen_port$/m);
    } finally {
      await sh("systemctl stop squatter; systemctl start vsftpd");
    }
  });

  it("an upload directory the user cannot write (the tutorial's 553)", async () => {
    await sh(`chown root:root ${JAIL}/files`);
    try {
      const r = await doctor();
      expect(r.code, show(r)).toBe(1);
      expect(r.stdout).toMatch(new RegExp(`^error {3}upload-dirs: alice cannot write ${JAIL} or ${JAIL}/files: their uploads fail with 553 Could not create file$`, "m"));
      expect(r.stdout).toMatch(new RegExp(`^ {8}fix: give alice a directory of their own to write: install -d -o alice -m 0755 ${JAIL}/files`, "m"));
    } finally {
      await sh(`chown alice: ${JAIL}/files`);
    }
  });

  it("after every fault is put back, doctor is clean again", async () => {
    const r = await doctor();
    expect(r.code, show(r)).toBe(0);
  });
});
