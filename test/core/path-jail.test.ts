/**
 * The path jail, table-tested on a real tree, in the style of pyftpdlib's
 * tests for ftpnorm/ftp2fs/validpath: each row is a path, how the last
 * component is treated, and where it must land inside DIR. Every lstat and
 * readlink the walk makes is recorded and must name a path inside DIR.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JailError, MAX_LINKS, nodeJailFs, normalize, resolveInJail, trustProblem, type JailFs } from "../../src/core/path-jail.js";

describe("resolveInJail", () => {
  let root = "";
  const touched: string[] = [];
  const fs: JailFs = {
    lstat: (p) => (touched.push(p), nodeJailFs.lstat(p)),
    readlink: (p) => (touched.push(p), nodeJailFs.readlink(p)),
  };

  beforeAll(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), "ftpctl-jail-")));
    for (const d of ["etc", "run", "usr/lib", "srv/ftp", "var", "a/b"]) mkdirSync(join(root, d), { recursive: true });
    writeFileSync(join(root, "etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
    writeFileSync(join(root, "usr/lib/os-release"), "ID=debian\n");
    symlinkSync("/run", join(root, "var/run"));
    symlinkSync("../usr/lib/os-release", join(root, "etc/os-release"));
    symlinkSync("/etc/passwd", join(root, "srv/abs-passwd"));
    symlinkSync("../../../../../../etc/passwd", join(root, "srv/ftp/up-passwd"));
    symlinkSync("../../../..", join(root, "srv/ftp/up"));
    symlinkSync("abs-passwd", join(root, "srv/chain"));
    symlinkSync("/nowhere/file", join(root, "srv/dangling"));
    symlinkSync("/etc/new.conf", join(root, "srv/dangling-in-etc"));
    symlinkSync("loop-b", join(root, "srv/loop-a"));
    symlinkSync("loop-a", join(root, "srv/loop-b"));
    symlinkSync("/self", join(root, "self"));
    writeFileSync(join(root, "a/file"), "");
  });
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const rows: [name: string, path: string, followLast: boolean, want: { path: string; exists: boolean; lastIsLink: boolean }][] = [
    ["a plain file", "/etc/passwd", true, { path: "/etc/passwd", exists: true, lastIsLink: false }],
    ["an absolute link resolves against DIR", "/srv/abs-passwd", true, { path: "/etc/passwd", exists: true, lastIsLink: false }],
    ["a relative '..' link cannot climb out", "/srv/ftp/up-passwd", true, { path: "/etc/passwd", exists: true, lastIsLink: false }],
    ["a '..' link to above the top is the top", "/srv/ftp/up/etc/passwd", true, { path: "/etc/passwd", exists: true, lastIsLink: false }],
    ["a relative link inside the tree (Debian's os-release)", "/etc/os-release", true, { path: "/usr/lib/os-release", exists: true, lastIsLink: false }],
    ["a link to a link", "/srv/chain", true, { path: "/etc/passwd", exists: true, lastIsLink: false }],
    ["var/run -> /run, in the middle of a path", "/var/run/vsftpd/empty", true, { path: "/run/vsftpd/empty", exists: false, lastIsLink: false }],
    ["var/run -> /run, the directory itself", "/var/run", true, { path: "/run", exists: true, lastIsLink: false }],
    ["a dangling link is the path it would create", "/srv/dangling", true, { path: "/nowhere/file", exists: false, lastIsLink: false }],
    ["a dangling link into an existing directory", "/srv/dangling-in-etc", true, { path: "/etc/new.conf", exists: false, lastIsLink: false }],
    ["a link in the last component is reported, not followed", "/srv/abs-passwd", false, { path: "/srv/abs-passwd", exists: true, lastIsLink: true }],
    ["a dangling link in the last component is reported", "/srv/dangling", false, { path: "/srv/dangling", exists: true, lastIsLink: true }],
    ["var/run as the last component is a link", "/var/run", false, { path: "/var/run", exists: true, lastIsLink: true }],
    ["a link before the last component is still followed", "/var/run/x", false, { path: "/run/x", exists: false, lastIsLink: false }],
    ["'..' in the input path stays at the top", "/../../etc/passwd", true, { path: "/etc/passwd", exists: true, lastIsLink: false }],
    ["'..' after a link climbs from the link's target", "/var/run/../etc/passwd", true, { path: "/etc/passwd", exists: true, lastIsLink: false }],
    ["a relative input path is taken from the top", "etc/../../srv", true, { path: "/srv", exists: true, lastIsLink: false }],
    ["'.' and doubled slashes are nothing", "//etc/./passwd", true, { path: "/etc/passwd", exists: true, lastIsLink: false }],
    ["the top itself", "/..", true, { path: "/", exists: true, lastIsLink: false }],
    ["below a missing directory, the rest is lexical", "/missing/x/../y", true, { path: "/missing/y", exists: false, lastIsLink: false }],
  ];

  it.each(rows)("%s: %s", (_name, path, followLast, want) => {
    touched.length = 0;
    const r = resolveInJail(root, path, { followLast, fs });
    expect({ path: r.path, exists: r.exists, lastIsLink: r.lastIsLink }).toEqual(want);
    expect(r.host).toBe(want.path === "/" ? root : root + want.path);
    for (const t of touched) expect(t.startsWith(root + "/"), t).toBe(true);
  });

  const refusals: [name: string, path: string, code: "ELOOP" | "ENOTDIR"][] = [
    ["a link loop", "/srv/loop-a", "ELOOP"],
    ["a link to its own absolute path (etc -> /etc in a tree without etc)", "/self/x", "ELOOP"],
    ["a file used as a directory", "/a/file/x", "ENOTDIR"],
    ["'..' after a file", "/a/file/..", "ENOTDIR"],
  ];

  it.each(refusals)("refuses %s: %s", (_name, path, code) => {
    touched.length = 0;
    expect(() => resolveInJail(root, path, { followLast: true, fs })).toThrow(expect.objectContaining({ code }) as JailError);
    for (const t of touched) expect(t.startsWith(root + "/"), t).toBe(true);
  });

  it(`follows at most ${MAX_LINKS} links, like the kernel`, () => {
    mkdirSync(join(root, "chain"));
    for (let i = 0; i <= MAX_LINKS; i++) symlinkSync(`l${i + 1}`, join(root, `chain/l${i}`));
    writeFileSync(join(root, `chain/l${MAX_LINKS + 1}`), "");
    expect(resolveInJail(root, "/chain/l1", { followLast: true }).path).toBe(`/chain/l${MAX_LINKS + 1}`);
    expect(realpathSync(join(root, "chain/l1"))).toBe(join(root, `chain/l${MAX_LINKS + 1}`));
    expect(() => resolveInJail(root, "/chain/l0", { followLast: true })).toThrow(JailError);
    expect(() => realpathSync(join(root, "chain/l0"))).toThrow(/ELOOP/);
  });

  it("with / as the jail, resolves as the kernel does", () => {
    expect(resolveInJail("/", `${root}/var/run/x`, { followLast: true }).path).toBe("/run/x");
    expect(resolveInJail("/", `${root}/srv/chain`, { followLast: true }).host).toBe("/etc/passwd");
  });
});

describe("normalize", () => {
  it.each([
    ["/etc/passwd", "/", "/etc/passwd"],
    ["../../etc", "/srv", "/etc"],
    ["ftp/../..", "/srv", "/"],
    ["x", "/srv/ftp", "/srv/ftp/x"],
    ["//a//./b/", "/", "/a/b"],
  ])("%s from %s is %s", (path, cwd, want) => {
    expect(normalize(path, cwd)).toBe(want);
  });
});

describe("trustProblem: which directories root may walk through (sshd's StrictModes)", () => {
  const dir = (uid: number, gid: number, mode: number) => ({ uid, gid, mode: 0o040000 | mode, isDirectory: true });
  it.each([
    ["root's 0755", dir(0, 0, 0o755), undefined],
    ["the caller's own 0700", dir(1000, 1000, 0o700), undefined],
    ["root's, group root may write", dir(0, 0, 0o775), undefined],
    ["root's sticky 1777 (/tmp)", dir(0, 0, 0o1777), undefined],
    ["another user's", dir(65534, 65534, 0o755), /belongs to uid 65534/],
    ["root's, another group may write", dir(0, 33, 0o2775), /written by group 33 \(mode 02775\)/],
    ["root's, others may write, not sticky", dir(0, 0, 0o777), /written by others \(mode 0777\)/],
    ["another user's sticky 1777", dir(65534, 0, 0o1777), /belongs to uid 65534/],
  ] as const)("%s", (_what, facts, want) => {
    const why = trustProblem("/d", facts, 1000);
    if (want === undefined) expect(why).toBeUndefined();
    else expect(why).toMatch(want);
  });

  it("checkDir sees the top and every directory walked through, never the last component", () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), "ftpctl-jail-check-")));
    try {
      mkdirSync(join(root, "a/b/c"), { recursive: true });
      symlinkSync("/a/b", join(root, "link"));
      const seen: string[] = [];
      resolveInJail(root, "/link/c/file", { followLast: false, checkDir: (d) => void seen.push(d) });
      expect(seen).toEqual([root, join(root, "a"), join(root, "a/b"), join(root, "a/b/c")]);
      const refusing = (d: string) => {
        if (d === join(root, "a")) throw new JailError("UNTRUSTED", "/a/b", "refusing to work through a");
      };
      expect(() => resolveInJail(root, "/a/b", { followLast: false, checkDir: refusing })).toThrow("/a/b: refusing to work through a");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
