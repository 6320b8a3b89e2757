/**
 * `--root DIR` is a jail: links inside the staging tree resolve as they
 * would under chroot(DIR), so apply never reads or writes outside DIR. The
 * trees here hold the links a real one has (`var/run -> /run`) and the ones
 * an attacker or a careless copy would plant (an absolute link to a host
 * directory, a relative one climbing out, `etc -> /etc`, a config that is a
 * link to /etc/passwd). Host files and a decoy directory outside DIR are
 * snapshotted (bytes and mtimes) before and after. Also: how --root itself
 * is checked before anything runs.
 */
import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ftpctl } from "../cli/ftpctl.js";
import { describeWithTools } from "../helpers/require-tool.js";
import { snapshotAccounts, snapshotTree } from "./helpers.js";

/** What must not change on the host: bytes and mtime of files, and entries of directories. */
function hostSnapshot(paths: readonly string[]): Record<string, string> {
  const snap: Record<string, string> = {};
  for (const p of paths) {
    if (!existsSync(p)) {
      snap[p] = "absent";
      continue;
    }
    const st = lstatSync(p);
    if (st.isDirectory()) snap[p] = `dir ${st.mtimeMs} ${readdirSync(p).sort().join(",")}`;
    else if (st.isFile()) snap[p] = `file ${st.mtimeMs} ${createHash("sha256").update(readFileSync(p)).digest("hex")}`;
    else snap[p] = `other ${st.mtimeMs}`;
  }
  return snap;
}

/**
 * What these applies would change on the host if a link led them out. Not
 * /etc or /run themselves: other tests running at the same time add
 * entries there. The account files are compared without ftpctl-* lines
 * (other tests' users), as in snapshotAccounts.
 */
const HOST = ["/etc/vsftpd.conf", "/etc/vsftpd.user_list", "/etc/vsftpd.chroot_list", "/etc/pam.d/ftpctl-vsftpd", "/run/vsftpd", "/run/vsftpd/empty", "/srv", "/srv/ftp", "/var/www"];

const hostState = () => ({ files: hostSnapshot(HOST), accounts: snapshotAccounts() });

const PROFILE = [
  "extends: [jailed, dropbox]",
  "anonymous:",
  "  enabled: true",
  "  root: /srv/ftp",
  "users:",
  "  - name: alice",
  "directories:",
  "  - path: /var/www/site",
  "    owner: alice",
  '    mode: "0755"',
  "",
].join("\n");

function stagingEtc(root: string): void {
  mkdirSync(join(root, "etc"), { recursive: true });
  writeFileSync(join(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/bash\nftp:x:2101:2101::/srv/ftp:/usr/sbin/nologin\nalice:x:3001:3001::/srv/ftp-users/alice:/usr/sbin/nologin\n");
  writeFileSync(join(root, "etc/group"), "root:x:0:\nftp:x:2101:\nalice:x:3001:\n");
}

describeWithTools("apply --root keeps every path inside the staging tree", ["root", "locks"], () => {
  let dir = "";
  let decoy = "";
  let profile = "";
  const args = (root: string, ...more: string[]) => [profile, "--root", root, "--distro", "debian", ...more];

  beforeAll(() => {
    dir = realpathSync(mkdtempSync("/tmp/ftpctl-root-jail-"));
    // Outside every staging tree: where links planted inside them point.
    decoy = join(dir, "decoy");
    mkdirSync(join(decoy, "srv"), { recursive: true });
    mkdirSync(join(decoy, "www"), { recursive: true });
    writeFileSync(join(decoy, "passwd"), "decoy:x:0:0::/:/bin/sh\n");
    profile = join(dir, "ftpctl.yaml");
    writeFileSync(profile, PROFILE);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("follows absolute links against DIR and relative ones never above it: var/run -> /run, srv -> a host directory, var/www -> ../../../..", async () => {
    const root = join(dir, "links");
    stagingEtc(root);
    mkdirSync(join(root, "run"));
    mkdirSync(join(root, "var"));
    symlinkSync("/run", join(root, "var/run"));
    // As a chroot sees them: DIR/<decoy>/srv and DIR/<decoy>/www, which the tree has.
    symlinkSync(join(decoy, "srv"), join(root, "srv"));
    mkdirSync(join(root, decoy, "srv"), { recursive: true });
    symlinkSync(`${"../".repeat(12)}${decoy.slice(1)}/www`, join(root, "var/www"));
    mkdirSync(join(root, decoy, "www"), { recursive: true });

    const host = hostState();
    const outside = snapshotTree(decoy);
    const r = await ftpctl(["apply", ...args(root, "--yes")]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(snapshotTree(decoy)).toEqual(outside);
    expect(hostState()).toEqual(host);

    // Everything landed inside DIR, where chroot(DIR) would have put it.
    expect(lstatSync(join(root, "run/vsftpd/empty")).isDirectory()).toBe(true);
    expect(lstatSync(join(root, decoy, "srv/ftp/incoming")).isDirectory()).toBe(true);
    expect(lstatSync(join(root, decoy, "www/site")).uid).toBe(3001);
    expect(readFileSync(join(root, "etc/vsftpd.conf"), "utf8")).toContain("\nanonymous_enable=YES\n");
    // The links themselves are left as they were.
    expect(lstatSync(join(root, "var/run")).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(root, "srv")).isSymbolicLink()).toBe(true);

    // A second run reads the same paths through the same links: nothing to do.
    const again = await ftpctl(["plan", ...args(root, "--detailed-exitcode")]);
    expect(again.exitCode, again.stdout + again.stderr).toBe(0);
  });

  it("refuses to replace etc/vsftpd.conf -> /etc/passwd, and reads neither the host's passwd nor the tree's through it", async () => {
    const root = join(dir, "conf-link");
    stagingEtc(root);
    symlinkSync("/etc/passwd", join(root, "etc/vsftpd.conf"));
    const host = hostState();
    const tree = snapshotTree(root);
    const r = await ftpctl(["apply", ...args(root, "--yes", "--only", "config")]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("/etc/vsftpd.conf is a symbolic link; refusing to replace it");
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(snapshotTree(root)).toEqual(tree);
    expect(hostState()).toEqual(host);
  });

  it("etc -> /etc is a loop inside DIR, not the host's /etc: plan and apply fail cleanly and touch nothing", async () => {
    const root = join(dir, "etc-link");
    mkdirSync(root);
    symlinkSync("/etc", join(root, "etc"));
    const host = hostState();
    const tree = snapshotTree(root);
    const plan = await ftpctl(["plan", ...args(root)]);
    expect(plan.exitCode).toBe(1);
    expect(plan.stderr).toContain("too many levels of symbolic links");
    // Only once plan has shown it does not reach the host's /etc.
    if (plan.exitCode === 1) {
      const r = await ftpctl(["apply", ...args(root, "--yes")]);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain("too many levels of symbolic links");
      expect(r.stderr).not.toMatch(/^\s+at /m);
    }
    const auto = await ftpctl(["plan", profile, "--root", root]);
    expect([auto.exitCode, auto.stderr]).toEqual([2, `ftpctl: --root ${root}: /etc/os-release: cannot read: too many levels of symbolic links\n`]);
    expect(snapshotTree(root)).toEqual(tree);
    expect(hostState()).toEqual(host);
  });

  it("reads the target's os-release through the tree's own relative link (Debian: etc/os-release -> ../usr/lib/os-release)", async () => {
    const root = join(dir, "os-release");
    stagingEtc(root);
    mkdirSync(join(root, "usr/lib"), { recursive: true });
    writeFileSync(join(root, "usr/lib/os-release"), 'ID=fedora\nID_LIKE="rhel centos"\n');
    symlinkSync("../usr/lib/os-release", join(root, "etc/os-release"));
    const r = await ftpctl(["plan", profile, "--root", root, "--only", "config"]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain("(rhel build), config /etc/vsftpd/vsftpd.conf");
  });
});

describeWithTools("--root is checked before anything runs", ["locks"], () => {
  let dir = "";
  let profile = "";
  beforeAll(() => {
    dir = realpathSync(mkdtempSync("/tmp/ftpctl-root-check-"));
    profile = join(dir, "ftpctl.yaml");
    writeFileSync(profile, PROFILE);
    writeFileSync(join(dir, "a-file"), "");
    symlinkSync(join(dir, "nowhere"), join(dir, "dangling"));
    symlinkSync("/", join(dir, "to-slash"));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ["missing", "missing", "no such directory"],
    ["a file", "a-file", "not a directory"],
    ["a dangling link", "dangling", "no such directory"],
    ["below a file", "a-file/x", "not a directory"],
  ])("a --root that is %s is a usage error, exit 2, one line", async (_what, name, reason) => {
    const root = join(dir, name);
    for (const cmd of [["plan"], ["apply", "--yes"], ["apply", "--dry-run"]]) {
      const r = await ftpctl([...cmd, profile, "--root", root, "--distro", "debian"]);
      expect([cmd[0], r.exitCode, r.stderr]).toEqual([cmd[0], 2, `ftpctl: --root ${root}: ${reason}\n`]);
      expect(r.stdout).toBe("");
    }
    expect(readdirSync(dir).sort()).toEqual(["a-file", "dangling", "ftpctl.yaml", "to-slash"]);
  });

  it("a --root that resolves to / is this host, exactly as without --root: //, /tmp/.., a link to /", async () => {
    // Read-only: plan of the config step on this host, compared as JSON.
    const base = await ftpctl(["plan", profile, "--distro", "debian", "--only", "config,lists", "--json"]);
    expect(base.exitCode, base.stderr).toBe(0);
    for (const root of ["/", "//", "/tmp/..", join(dir, "to-slash")]) {
      const r = await ftpctl(["plan", profile, "--root", root, "--distro", "debian", "--only", "config,lists", "--json"]);
      expect([root, r.exitCode, r.stdout]).toEqual([root, 0, base.stdout]);
    }
    // No --yes and no terminal: refused as on the live system, not applied as a staging tree.
    const apply = await ftpctl(["apply", profile, "--root", "/tmp/..", "--distro", "debian", "--only", "config"]);
    expect([apply.exitCode, apply.stderr]).toEqual([2, expect.stringContaining("refusing to apply without --yes")]);
  });
});
