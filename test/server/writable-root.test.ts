/**
 * vsftpd refuses an anonymous session whose root its user can write
 * ("500 OOPS: vsftpd: refusing to run with writable root inside chroot()",
 * then a close), and allow_writeable_chroot does not lift that for
 * anonymous sessions (twoprocess.c: `!was_anon && tunable_allow_writeable_chroot`).
 * Run as root, the server asks on behalf of ftp_username, by mode bits.
 */
import { chmodSync, chownSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bitsAllowWrite, identityOf } from "../../src/server/write-access.js";
import { describeWithTools } from "../helpers/require-tool.js";
import { ANON_READ_ONLY, serve } from "./harness.js";
import { RawClient } from "./raw-client.js";

const OOPS = "500 OOPS: vsftpd: refusing to run with writable root inside chroot()";

describe("who may write, by the bits", () => {
  const passwd = "root:x:0:0::/root:/bin/sh\nftp:x:102:105::/srv/ftp:/usr/sbin/nologin\n";
  const group = "root:x:0:\nftp:x:105:\nuploaders:x:300:alice,ftp\n";
  const ftp = identityOf("ftp", passwd, group);

  it("reads a user's uid, primary group and supplementary groups", () => {
    expect(ftp).toEqual({ uid: 102, gids: [105, 300] });
    expect(identityOf("nosuch", passwd, group)).toBeUndefined();
  });

  it.each([
    ["root's 0755", { uid: 0, gid: 0, mode: 0o40755 }, false],
    ["others may write (0757)", { uid: 0, gid: 0, mode: 0o40757 }, true],
    ["ftp's own 0755", { uid: 102, gid: 105, mode: 0o40755 }, true],
    ["ftp's own 0555", { uid: 102, gid: 105, mode: 0o40555 }, false],
    ["ftp's own 0577: the owner's bits decide, not the others'", { uid: 102, gid: 0, mode: 0o40577 }, false],
    ["a group ftp is in may write (0775)", { uid: 0, gid: 300, mode: 0o40775 }, true],
    ["a group ftp is not in may write (0775)", { uid: 0, gid: 7, mode: 0o40775 }, false],
  ])("%s: %s", (_what, st, want) => expect(bitsAllowWrite(st, ftp)).toBe(want));

  it("a missing user is judged by the others' bits", () => {
    expect(bitsAllowWrite({ uid: 0, gid: 0, mode: 0o40755 }, undefined)).toBe(false);
    expect(bitsAllowWrite({ uid: 0, gid: 0, mode: 0o40757 }, undefined)).toBe(true);
  });
});

describeWithTools("a writable anonymous root, served as root", ["root"], () => {
  const nobody = identityOf("nobody", readFileSync("/etc/passwd", "utf8"), "")!;
  const conf = ANON_READ_ONLY + "ftp_username=nobody\n";

  async function login(extra: string, prepare: (root: string) => void): Promise<{ pass?: string; after?: string }> {
    const h = await serve(conf + extra, { prepare });
    const c = await RawClient.open(h.server.port);
    try {
      await c.read();
      await c.cmd("USER ftp");
      const pass = (await c.cmd("PASS x@"))?.text;
      // A refused session is closed; a served one answers the next command.
      const after = pass === OOPS ? (await c.read())?.text : (await c.cmd("PWD"))?.text;
      return { ...(pass ? { pass } : {}), ...(after ? { after } : {}) };
    } finally {
      c.close();
      await h.stop();
    }
  }

  it.each([
    ["root's 0755 is served", "", (r: string) => chmodSync(r, 0o755), "230 Login successful."],
    ["0757 is refused", "", (r: string) => chmodSync(r, 0o757), OOPS],
    ["0757 is refused even with allow_writeable_chroot=YES", "allow_writeable_chroot=YES\n", (r: string) => chmodSync(r, 0o757), OOPS],
    ["ftp_username's own 0755 is refused", "", (r: string) => (chownSync(r, nobody.uid, nobody.gids[0]!), chmodSync(r, 0o755)), OOPS],
    ["ftp_username's own 0555 is served", "", (r: string) => (chownSync(r, nobody.uid, nobody.gids[0]!), chmodSync(r, 0o555)), "230 Login successful."],
  ])("%s", async (_what, extra, prepare, want) => {
    const r = await login(extra, prepare);
    expect(r.pass).toBe(want);
    expect(r.after).toBe(want === OOPS ? undefined : '257 "/" is the current directory');
  });
});
