/**
 * `plan` changes nothing, shown two ways on this machine:
 *   - against a staging root (--root), before and after an apply there: the
 *     tree is byte-identical around each plan;
 *   - against the live system, through the recording executor in read-only
 *     mode (any change call would throw): no change call is made, and the
 *     account databases, the config, the PAM directory and the directories
 *     the profile names are byte-identical afterwards.
 * The profile touches every step: a new user with a password file, a jail,
 * a drop box, a profile directory and a TLS certificate that does not exist.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { applyCommand } from "../../src/commands/apply/run.js";
import { LocalExecutor } from "../../src/provision/local-executor.js";
import { countPlan } from "../../src/provision/plan.js";
import { planCommand, preparePlan } from "../../src/commands/plan/run.js";
import { RecordingExecutor } from "../../src/provision/recording-executor.js";
import { describeWithTools } from "../helpers/require-tool.js";
import { captureIo, sha, snapshotAccounts, snapshotTree, writeProfile } from "./helpers.js";

const TOOLS = ["sandbox", "/usr/sbin/vsftpd", "/usr/sbin/useradd"];

describeWithTools("plan makes no change", TOOLS, () => {
  let dir = "";
  let profile = "";
  const opts = (root?: string) => ({
    file: profile,
    set: [],
    distro: "debian",
    root,
    only: [],
    json: false,
    detailedExitcode: true,
    color: false,
  });

  beforeAll(() => {
    dir = mkdtempSync("/tmp/ftpctl-plan-");
    const pw = join(dir, "pw");
    writeProfile(dir, "pw", "not-a-real-password\n");
    chmodSync(pw, 0o600);
    // Names outside the ftpctl-* prefix the account snapshot ignores: if plan created them, the snapshot would show it.
    profile = writeProfile(
      dir,
      "ftpctl.yaml",
      [
        "extends: [jailed, dropbox]",
        "anonymous:",
        "  enabled: true",
        `  root: ${dir}/anon`,
        "local:",
        `  root: ${dir}/jails/$USER`,
        "users:",
        "  - name: plancheck-a",
        `    password: { file: ${pw} }`,
        "directories:",
        `  - path: ${dir}/site`,
        "    owner: plancheck-a",
        "    group: root",
        '    mode: "02775"',
        "vsftpd:",
        "  ftp_username: plancheck-ftp",
        "tls:",
        "  enabled: true",
        `  cert: ${dir}/tls/cert.pem`,
        `  key: ${dir}/tls/key.pem`,
        "",
      ].join("\n"),
    );
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("under --root, an empty staging tree stays empty, and a staged one stays as it is", async () => {
    const root = join(dir, "stage");
    mkdirSync(root);
    const before = snapshotTree(root);
    const io = captureIo();
    expect(await planCommand(opts(root), io), io.err()).toBe(2);
    expect(io.out()).toContain("write /etc/vsftpd.conf");
    expect(snapshotTree(root)).toEqual(before);

    const applied = captureIo();
    expect(await applyCommand({ ...opts(root), yes: true, dryRun: false, removeFirewall: false }, applied), applied.err()).toBe(0);
    const staged = snapshotTree(root);
    expect(staged.length).toBeGreaterThan(before.length);
    const again = captureIo();
    // Everything in the staging tree is in place; only host steps remain, listed as skipped.
    expect(await planCommand(opts(root), again), again.err()).toBe(0);
    expect(again.out()).toMatch(/No changes: \d+ ok, \d+ skipped under --root\./);
    expect(snapshotTree(root)).toEqual(staged);
  });

  it("on the live system, the read-only recorder sees no change call and nothing changes", async () => {
    const watched = ["/etc/vsftpd.conf", "/etc/pam.d", "/srv", "/var/lib/ftpctl", dir].filter((p) => existsSync(p));
    const trees = () => watched.map((p) => snapshotTree(p));
    const accounts = snapshotAccounts();
    const files = trees();
    const conf = sha("/etc/vsftpd.conf");

    const rec = new RecordingExecutor(new LocalExecutor(), true);
    const io = captureIo();
    const { plan } = await preparePlan(opts(undefined), io, rec);

    expect(rec.calls).toEqual([]);
    // It did look: accounts, the config, the firewall, the service.
    expect(rec.reads).toEqual(expect.arrayContaining(["read /etc/passwd", "read /etc/vsftpd.conf", "stat /run/systemd/system"]));
    expect(rec.reads.some((r) => r.startsWith("probe iptables"))).toBe(true);
    const ids = plan.steps.flatMap((s) => s.changes.filter((c) => c.action !== "noop").map((c) => c.id));
    expect(ids).toEqual(expect.arrayContaining(["account:plancheck-ftp", "user:plancheck-a", "password:plancheck-a", `dir:${dir}/site`, `cert:${dir}/tls/cert.pem`, "file:/etc/vsftpd.conf"]));
    expect(countPlan(plan).change).toBeGreaterThan(5);

    expect(snapshotAccounts()).toEqual(accounts);
    expect(trees()).toEqual(files);
    expect(sha("/etc/vsftpd.conf")).toBe(conf);
    expect(existsSync(`${dir}/tls/cert.pem`)).toBe(false);
  });
});
