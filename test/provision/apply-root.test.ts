/**
 * `apply --root DIR` on a staging tree: the config, the lists, the PAM
 * service and the directories land under DIR with the right owners and
 * modes; owners are looked up in the staging tree's own /etc/passwd and
 * /etc/group; a second apply changes nothing; a hand edit is put right, the
 * edited file kept as the backup.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { applyCommand, type ApplyCommandOptions } from "../../src/commands/apply/run.js";
import { planCommand } from "../../src/commands/plan/run.js";
import { lockPath, takeApplyLock } from "../../src/provision/lock.js";
import { applyOptions, captureIo, snapshotTree, writeProfile } from "./helpers.js";
import { describeWithTools } from "../helpers/require-tool.js";

const modeOf = (p: string) => (statSync(p).mode & 0o7777).toString(8).padStart(4, "0");
const ownerOf = (p: string) => `${statSync(p).uid}:${statSync(p).gid}`;

// apply, even under --root, takes its lock in /run/lock: only in the test sandbox.
describeWithTools("apply --root", ["sandbox"], () => {
  let dir = "";
  let root = "";
  let profile = "";
  const o = (extra: Partial<ApplyCommandOptions> = {}): ApplyCommandOptions => applyOptions(profile, root, extra);

  beforeAll(() => {
    dir = mkdtempSync("/tmp/ftpctl-apply-root-");
    root = join(dir, "stage");
    mkdirSync(join(root, "etc"), { recursive: true });
    // The target's accounts, as a package build would have them: ids differ from this machine's.
    writeFileSync(join(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/bash\nftp:x:2101:2101::/srv/ftp:/usr/sbin/nologin\nalice:x:3001:3001::/srv/ftp-users/alice:/usr/sbin/nologin\n");
    writeFileSync(join(root, "etc/group"), "root:x:0:\nftp:x:2101:\nalice:x:3001:\nwww-data:x:33:\n");
    profile = writeProfile(
      dir,
      "ftpctl.yaml",
      [
        "extends: [jailed, dropbox]",
        "anonymous:",
        "  enabled: true",
        "  root: /srv/ftp",
        "users:",
        "  - name: alice",
        "  - name: bob",
        "    jailed: false",
        "directories:",
        "  - path: /var/www/site",
        "    owner: alice",
        "    group: www-data",
        '    mode: "02775"',
        "",
      ].join("\n"),
    );
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("writes the config, lists, PAM service and directories with the right owners and modes", async () => {
    const io = captureIo();
    expect(await applyCommand(o(), io), io.err()).toBe(0);
    expect(io.out()).toMatch(/^\[1\/\d+\] \+ pam: create \/etc\/pam\.d\/ftpctl-vsftpd/m);
    expect(io.out()).toMatch(/^\d+ changed, 0 ok, \d+ skipped under --root$/m);

    const conf = join(root, "etc/vsftpd.conf");
    expect([modeOf(conf), ownerOf(conf)]).toEqual(["0644", "0:0"]);
    const text = readFileSync(conf, "utf8");
    expect(text).toContain("\npam_service_name=ftpctl-vsftpd\n");
    expect(text).toContain("\nchroot_local_user=YES\n");
    expect(text).toContain("\nallow_writeable_chroot=NO\n");
    expect(text).toContain(`from ${profile} for the debian build`);

    expect(readFileSync(join(root, "etc/vsftpd.chroot_list"), "utf8").split("\n").slice(1)).toEqual(["bob", ""]);
    expect(readFileSync(join(root, "etc/vsftpd.user_list"), "utf8").split("\n").slice(1)).toEqual(["alice", "anonymous", "bob", "ftp", ""]);
    const pam = readFileSync(join(root, "etc/pam.d/ftpctl-vsftpd"), "utf8");
    expect(pam).toContain("pam_listfile.so item=user sense=deny file=/etc/ftpusers");
    expect(pam).not.toMatch(/^[^#].*pam_shells/m);

    const dirs: [string, string, string][] = [
      ["srv/ftp", "0555", "0:0"],
      ["srv/ftp/incoming", "0730", "0:2101"],
      ["srv/ftp-users/alice", "0555", "0:0"],
      ["srv/ftp-users/alice/files", "0755", "3001:3001"],
      ["var/www/site", "2775", "3001:33"],
      ["var/run/vsftpd/empty", "0755", "0:0"],
    ];
    for (const [p, mode, owner] of dirs) expect([p, modeOf(join(root, p)), ownerOf(join(root, p))]).toEqual([p, mode, owner]);
    // bob is not in the staging tree's passwd: his home is created root-owned and the owner left to the target.
    expect(modeOf(join(root, "srv/ftp-users/bob"))).toBe("0750");
  });

  it("a second apply changes nothing and exits 0; plan --detailed-exitcode agrees", async () => {
    const before = snapshotTree(root);
    const io = captureIo();
    expect(await applyCommand(o(), io), io.err()).toBe(0);
    expect(io.out()).toMatch(/^No changes: \d+ ok, \d+ skipped under --root\.$/m);
    expect(io.out()).toMatch(/^0 changed, \d+ ok, \d+ skipped under --root$/m);
    expect(snapshotTree(root)).toEqual(before);

    const json = captureIo();
    expect(await applyCommand(o({ json: true }), json)).toBe(0);
    const parsed = JSON.parse(json.out()) as { summary: { changed: number; ok: number }; steps: { kind: string }[] };
    expect(parsed.summary.changed).toBe(0);
    expect(parsed.steps.map((s) => s.kind)).toEqual(["package", "account", "users", "pam", "directories", "lists", "certificate", "config", "firewall", "service"]);

    const plan = captureIo();
    expect(await planCommand({ ...o(), detailedExitcode: true }, plan)).toBe(0);
  });

  it("puts a hand-edited config right and keeps the edited one as the backup", async () => {
    const conf = join(root, "etc/vsftpd.conf");
    const good = readFileSync(conf, "utf8");
    const edited = good.replace("anonymous_enable=YES", "anonymous_enable=NO");
    writeFileSync(conf, edited);

    const plan = captureIo();
    expect(await planCommand({ ...o(), detailedExitcode: true }, plan)).toBe(2);
    expect(plan.out()).toContain("-anonymous_enable=NO\n");
    expect(plan.out()).toContain("+anonymous_enable=YES\n");

    const io = captureIo();
    expect(await applyCommand(o(), io), io.err()).toBe(0);
    expect(io.out()).toMatch(/^1 changed, /m);
    expect(readFileSync(conf, "utf8")).toBe(good);
    expect(readFileSync(`${conf}.bak`, "utf8")).toBe(edited);
  });

  it("--dry-run is plan: nothing is written", async () => {
    writeFileSync(join(root, "etc/vsftpd.user_list"), "someone\n");
    const before = snapshotTree(root);
    const io = captureIo();
    expect(await applyCommand(o({ dryRun: true }), io)).toBe(0);
    expect(io.out()).toContain("update /etc/vsftpd.user_list");
    expect(snapshotTree(root)).toEqual(before);
  });
  it("waits for no one: while another apply holds the target's lock, it refuses and names it", async () => {
    const release = takeApplyLock(lockPath(root));
    try {
      const io = captureIo();
      expect(await applyCommand(o(), io)).toBe(1);
      expect(io.err()).toContain(`another ftpctl apply is running on this target (pid ${process.pid})`);
    } finally {
      release();
    }
    expect(await applyCommand(o(), captureIo())).toBe(0);
  });
});
