/**
 * scripts/host-snapshot.sh, which .ci/run diffs around `npm test`: it sees
 * an account, a PAM file and a firewall rule appear, and never prints a
 * password hash. The changes are made in the test sandbox, where they vanish,
 * and the rule in a scratch network namespace, where the snapshot runs too.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createNamespace, deleteNamespace, IP, netnsRun, uniqueName } from "./netns.js";
import { describeWithTools } from "./require-tool.js";

const SCRIPT = fileURLToPath(new URL("../../scripts/host-snapshot.sh", import.meta.url));
const USER = "ftpctl-snap-probe";
const PAM = `/etc/pam.d/${USER}`;
const PASSWORD = "snapshot-probe-pw";

describeWithTools("the host snapshot CI diffs around the suite", ["sandbox", IP, "/usr/sbin/useradd", "/usr/sbin/chpasswd", "/usr/sbin/iptables"], () => {
  const ns = uniqueName("snap");
  const snapshot = async () => {
    const r = await netnsRun(ns, [SCRIPT]);
    if (r.code !== 0) throw new Error(`${SCRIPT} failed (exit ${r.code}): ${r.stderr}`);
    return r.stdout;
  };

  beforeAll(() => createNamespace(ns));
  afterAll(async () => {
    await deleteNamespace(ns);
    await execa("userdel", [USER], { reject: false, stdin: "ignore" });
    rmSync(PAM, { force: true });
  });

  it("is stable when nothing changes", async () => {
    expect(await snapshot()).toBe(await snapshot());
  });

  it("shows a new account, PAM file and firewall rule, and the hash only as a digest", async () => {
    const before = await snapshot();
    await execa("useradd", ["-M", "-s", "/usr/sbin/nologin", USER], { stdin: "ignore" });
    await execa("chpasswd", [], { input: `${USER}:${PASSWORD}\n` });
    writeFileSync(PAM, "auth required pam_deny.so\n");
    const rule = await netnsRun(ns, ["iptables", "-w", "5", "-A", "INPUT", "-p", "tcp", "--dport", "1", "-m", "comment", "--comment", USER, "-j", "DROP"]);
    expect(rule.code, rule.stderr).toBe(0);
    const after = await snapshot();
    const added = after.split("\n").filter((l) => !before.split("\n").includes(l));
    expect(added).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${USER}:x:\\d+:\\d+::/home/${USER}:/usr/sbin/nologin$`)),
        expect.stringMatching(new RegExp(`^${USER}:<[0-9a-f]{16}>:\\d+:`)),
        expect.stringMatching(new RegExp(`^${PAM} f 644 root:root [0-9a-f]{16}$`)),
        expect.stringContaining(`--comment ${USER} -j DROP`),
      ]),
    );
    const hash = readFileSync("/etc/shadow", "utf8").split("\n").find((l) => l.startsWith(`${USER}:`))!.split(":")[1]!;
    expect(hash.length).toBeGreaterThan(20);
    expect(after).not.toContain(hash);
  });
});
