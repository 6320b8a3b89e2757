/**
 * Missing parent directories under --root, found through the executor's
 * path jail: links on the way are followed inside the staging tree, as a
 * chroot would, so a directory below a dangling link is created where the
 * link points, inside DIR, and never outside it.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { FtpctlError } from "../../src/core/errors.js";
import { createParents, missingParents } from "../../src/provision/files.js";
import { LocalExecutor } from "../../src/provision/local-executor.js";
import { RecordingExecutor } from "../../src/provision/recording-executor.js";
import { applyCommand } from "../../src/commands/apply/run.js";
import { describeWithTools } from "../helpers/require-tool.js";
import { applyOptions, captureIo, writeProfile } from "./helpers.js";

const base = realpathSync(mkdtempSync(join(tmpdir(), "ftpctl-parents-")));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** The tree: directories end in "/", links are "-> target", anything else is a file. */
type Tree = Record<string, string>;

let n = 0;
function stage(tree: Tree): string {
  const dir = join(base, `t${n++}`);
  mkdirSync(dir);
  for (const [path, what] of Object.entries(tree)) {
    const at = join(dir, path);
    mkdirSync(join(at, ".."), { recursive: true });
    if (what.startsWith("-> ")) symlinkSync(what.slice(3), at);
    else if (path.endsWith("/")) mkdirSync(at, { recursive: true });
    else writeFileSync(at, what);
  }
  return dir;
}

interface Row {
  readonly name: string;
  readonly tree: Tree;
  readonly path: string;
  /** Parents to create, as jail paths; or the error line. */
  readonly parents?: readonly string[];
  readonly error?: RegExp;
}

const rows: readonly Row[] = [
  { name: "no links: missing ancestors as written", tree: { "etc/": "" }, path: "/etc/vsftpd/ssl/key.pem", parents: ["/etc/vsftpd", "/etc/vsftpd/ssl"] },
  { name: "var/run -> /run with no run: created at DIR/run", tree: { "var/run": "-> /run" }, path: "/var/run/vsftpd/empty", parents: ["/run", "/run/vsftpd"] },
  { name: "var/run -> /run with run present", tree: { "var/run": "-> /run", "run/": "" }, path: "/var/run/vsftpd/empty", parents: ["/run/vsftpd"] },
  { name: "absolute link resolves against DIR", tree: { "srv/ftp": "-> /data/ftp" }, path: "/srv/ftp/pub/upload", parents: ["/data", "/data/ftp", "/data/ftp/pub"] },
  { name: "relative link climbing with .. stays inside DIR", tree: { "srv/up": "-> ../../../../outside" }, path: "/srv/up/x/y", parents: ["/outside", "/outside/x"] },
  { name: "link to a link to a missing directory", tree: { "a/one": "-> /a/two", "a/two": "-> /b/three" }, path: "/a/one/c", parents: ["/b", "/b/three"] },
  { name: "dangling link as the parent itself", tree: { "etc/ssl/private": "-> /secret" }, path: "/etc/ssl/private/key.pem", parents: ["/secret"] },
  { name: "nothing missing through an existing link", tree: { "etc/ssl/private": "-> /keys", "keys/": "" }, path: "/etc/ssl/private/key.pem", parents: [] },
  { name: "link to a file on the way: refused in one line", tree: { "etc/motd": "hi\n", "etc/ssl": "-> /etc/motd" }, path: "/etc/ssl/private/key.pem", error: /^\/etc\/ssl\/private: cannot resolve: a component of the path is not a directory$/ },
  {
    name: "the parent a link to a file: refused in one line",
    tree: { "etc/motd": "hi\n", "etc/ssl/private": "-> /etc/motd" },
    path: "/etc/ssl/private/key.pem",
    error: /^\/etc\/motd \(where \/etc\/ssl\/private leads\) exists but is not a directory, so \/etc\/ssl\/private\/key.pem cannot be created$/,
  },
  { name: "link loop: refused in one line", tree: { "etc/ssl": "-> /etc/ssl" }, path: "/etc/ssl/private/key.pem", error: /^\/etc\/ssl\/private: cannot resolve: too many levels of symbolic links$/ },
];

describe("missingParents under --root", () => {
  for (const row of rows) {
    it(row.name, async () => {
      const exec = new LocalExecutor({ root: stage(row.tree) });
      const found = missingParents(exec, row.path);
      if (row.error) {
        const err = await found.catch((e: unknown) => e);
        expect(err).toBeInstanceOf(FtpctlError);
        expect((err as Error).message).toMatch(row.error);
        expect((err as Error).message).not.toContain("\n");
      } else {
        expect(await found).toEqual(row.parents);
      }
    });
  }

  it("through the plan's recording executor too", async () => {
    const exec = new RecordingExecutor(new LocalExecutor({ root: stage({ "var/run": "-> /run" }) }), true);
    expect(await missingParents(exec, "/var/run/vsftpd/empty")).toEqual(["/run", "/run/vsftpd"]);
  });
});

describeWithTools("createParents under --root", ["root"], () => {
  let dir = "";
  let before: string[] = [];
  beforeEach(() => {
    dir = stage({ "var/run": "-> /run", "srv/up": "-> ../../../../outside" });
    before = readdirSync(base);
  });
  afterEach(() => {
    // Nothing appears beside the staging tree.
    expect(readdirSync(base)).toEqual(before);
  });

  it("creates the directory below a dangling var/run -> /run inside DIR, and the undo removes it", async () => {
    const exec = new LocalExecutor({ root: dir });
    const undo = await createParents(exec, "/var/run/vsftpd/empty");
    await exec.mkdir("/var/run/vsftpd/empty", { mode: 0o755, uid: 0, gid: 0 });
    expect(lstatSync(join(dir, "run/vsftpd/empty")).isDirectory()).toBe(true);
    expect(lstatSync(join(dir, "var/run")).isSymbolicLink()).toBe(true);
    await exec.remove("/var/run/vsftpd/empty");
    await undo?.();
    expect(existsSync(join(dir, "run"))).toBe(false);
  });

  it("creates below a link that climbs with .. inside DIR, never beside it", async () => {
    const exec = new LocalExecutor({ root: dir });
    await createParents(exec, "/srv/up/x/y");
    expect(lstatSync(join(dir, "outside/x")).isDirectory()).toBe(true);
  });
});

// apply, even under --root, takes its lock: as root, only in the test sandbox.
describeWithTools("apply --root on a Debian tree whose var/run -> /run dangles", ["sandbox", "locks"], () => {
  it("creates secure_chroot_dir at DIR/run/vsftpd/empty and keeps the link", async () => {
    const dir = stage({
      "etc/passwd": "root:x:0:0:root:/root:/bin/bash\nftp:x:2101:2101::/srv/ftp:/usr/sbin/nologin\nalice:x:3001:3001::/srv/ftp-users/alice:/usr/sbin/nologin\n",
      "etc/group": "root:x:0:\nftp:x:2101:\nalice:x:3001:\n",
      "var/run": "-> /run",
    });
    const root = join(dir, "..", `${dir.split("/").pop()}-profile`);
    mkdirSync(root);
    const profile = writeProfile(root, "ftpctl.yaml", "extends: [jailed]\nusers:\n  - name: alice\n");
    const io = captureIo();
    const options = applyOptions(profile, dir);
    expect(await applyCommand(options, io), io.err()).toBe(0);
    expect(lstatSync(join(dir, "run/vsftpd/empty")).isDirectory()).toBe(true);
    expect(lstatSync(join(dir, "var/run")).isSymbolicLink()).toBe(true);
  });
});
