/**
 * Reply codes and texts as vsftpd sends them, and the protocol's hard
 * edges: one passive listener per session, pipelined commands in order.
 * Hostile clients (foreign data connections, over-long lines, floods) are
 * the attack table's (attacks.test.ts).
 */
import { chmodSync, mkdirSync, writeFileSync, statSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { once } from "node:events";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ANON_READ_ONLY, LOCAL_WRITE, serve, type Harness } from "./harness.js";
import { RawClient } from "./raw-client.js";

async function withServer(conf: string, body: (h: Harness) => Promise<void>, users = [{ name: "dave", password: "pw" }]): Promise<void> {
  const h = await serve(conf, { users, prepare: (r) => writeFileSync(join(r, "f.txt"), "file\n", { mode: 0o644 }) });
  try {
    await body(h);
  } finally {
    await h.stop();
  }
}

const texts = async (c: RawClient, lines: string[]) => {
  const out: string[] = [];
  for (const l of lines) out.push((await c.cmd(l))?.text ?? "(closed)");
  return out;
};

describe("login replies", () => {
  it("anonymous: banner, 331, 230; before login 530; PASS first 503", () =>
    withServer(ANON_READ_ONLY + "ftpd_banner=Welcome to the test server.\n", async (h) => {
      const c = await RawClient.open(h.server.port);
      expect((await c.read())?.text).toBe("220 Welcome to the test server.");
      expect(await texts(c, ["PWD", "PASS x", "USER anonymous", "PASS guest@", "PWD", "PASS again", "USER other"])).toEqual([
        "530 Please login with USER and PASS.",
        "503 Login with USER first.",
        "331 Please specify the password.",
        "230 Login successful.",
        '257 "/" is the current directory',
        "230 Already logged in.",
        // vsftpd 3.0.3 (postlogin.c), checked with the binary: an anonymous session gets this for any name.
        "530 Can't change from guest user.",
      ]);
      c.close();
    }));

  it("local names on an anonymous-only server", () =>
    withServer(ANON_READ_ONLY, async (h) => {
      const c = await RawClient.open(h.server.port);
      await c.read();
      expect((await c.cmd("USER root"))?.text).toBe("530 This FTP server is anonymous only.");
      c.close();
    }));

  it("a wrong password is 530 Login incorrect; max_login_fails ends the session", () =>
    withServer(LOCAL_WRITE + "max_login_fails=2\n", async (h) => {
      const c = await RawClient.open(h.server.port);
      await c.read();
      expect(await texts(c, ["USER dave", "PASS nope", "USER dave", "PASS nope"])).toEqual([
        "331 Please specify the password.",
        "530 Login incorrect.",
        "331 Please specify the password.",
        "530 Login incorrect.",
      ]);
      expect(await c.read()).toBeUndefined();
      expect(h.events.filter((e) => e.type === "login-failed")).toHaveLength(2);
      expect(JSON.stringify(h.events)).not.toContain("nope");
    }));

  it("anonymous_enable=NO makes 'anonymous' an unknown local name", () =>
    withServer(LOCAL_WRITE, async (h) => {
      const c = await RawClient.open(h.server.port);
      await c.read();
      expect(await texts(c, ["USER anonymous", "PASS x"])).toEqual(["331 Please specify the password.", "530 Login incorrect."]);
      c.close();
    }));
});

describe("userlist_enable", () => {
  const LIST = LOCAL_WRITE + "userlist_enable=YES\n";
  it.each([
    ["userlist_deny=YES refuses a listed name at USER", LIST, "dave", "530 Permission denied."],
    ["userlist_deny=YES lets an unlisted name through", LIST, "erin", "331 Please specify the password."],
    ["userlist_deny=NO lets only listed names in", LIST + "userlist_deny=NO\n", "erin", "530 Permission denied."],
    ["userlist_deny=NO, a listed name", LIST + "userlist_deny=NO\n", "dave", "331 Please specify the password."],
  ])("%s", async (_name, conf, user, text) => {
    const h = await serve(conf, { userlist: ["root", "dave"], users: [{ name: "dave", password: "pw" }] });
    try {
      const c = await RawClient.open(h.server.port);
      await c.read();
      expect((await c.cmd(`USER ${user}`))?.text).toBe(text);
      c.close();
    } finally {
      await h.stop();
    }
  });
});

describe("informational replies", () => {
  it("STAT says how many clients were connected when the session started, as vsftpd's standalone mode does", () =>
    withServer(ANON_READ_ONLY, async (h) => {
      const first = await RawClient.open(h.server.port);
      await first.login("anonymous", "x@example.com");
      const second = await RawClient.open(h.server.port);
      await second.login("anonymous", "x@example.com");
      expect((await first.cmd("STAT"))?.text).toContain("\n     At session startup, client count was 1\n     vsFTPd 3.0.3 - secure, fast, stable\n211 End of status");
      expect((await second.cmd("STAT"))?.text).toContain("\n     At session startup, client count was 2\n");
      first.close();
      second.close();
    }));
  it("FEAT lists UTF8 first with utf8_filesystem=YES", () =>
    withServer(ANON_READ_ONLY + "utf8_filesystem=YES\n", async (h) => {
      const c = await RawClient.open(h.server.port);
      await c.read();
      expect((await c.cmd("FEAT"))?.text).toBe("211-Features:\n UTF8\n EPRT\n EPSV\n MDTM\n PASV\n REST STREAM\n SIZE\n TVFS\n211 End");
      c.close();
    }));

  it("FEAT, SYST, TYPE, MODE, STRU, OPTS, REST, unknown", () =>
    withServer(ANON_READ_ONLY, async (h) => {
      const c = await RawClient.open(h.server.port);
      await c.read();
      // Debian's vsftpd lists UTF8 only with utf8_filesystem=YES (checked with the binary); OPTS UTF8 ON is accepted either way.
      expect((await c.cmd("FEAT"))?.text).toBe("211-Features:\n EPRT\n EPSV\n MDTM\n PASV\n REST STREAM\n SIZE\n TVFS\n211 End");
      expect((await c.cmd("OPTS UTF8 ON"))?.text).toBe("200 Always in UTF8 mode.");
      await c.cmd("USER ftp");
      await c.cmd("PASS x");
      expect(await texts(c, ["SYST", "TYPE I", "TYPE A", "TYPE X", "MODE S", "MODE B", "STRU F", "REST 100", "NOOP", "XYZZY", "SIZE f.txt", "SIZE nope", "MDTM nope"])).toEqual([
        "215 UNIX Type: L8",
        "200 Switching to Binary mode.",
        "200 Switching to ASCII mode.",
        "500 Unrecognised TYPE command.",
        "200 Mode set to S.",
        "504 Bad MODE command.",
        "200 Structure set to F.",
        "350 Restart position accepted (100).",
        "200 NOOP ok.",
        "500 Unknown command.",
        "213 5",
        "550 Could not get file size.",
        "550 Could not get file modification time.",
      ]);
      expect((await c.cmd("MDTM f.txt"))?.text).toMatch(/^213 \d{14}$/);
      expect((await c.cmd("HELP"))?.text).toMatch(/^214-The following commands are recognized\.\n[\s\S]*\n214 Help OK\.$/);
      c.close();
    }));

  it("cmds_denied refuses a listed verb after login", () =>
    withServer(ANON_READ_ONLY + "cmds_denied=SIZE,MDTM\n", async (h) => {
      const c = await RawClient.open(h.server.port);
      await c.login("ftp", "x");
      expect(await texts(c, ["SIZE f.txt", "NOOP"])).toEqual(["550 Permission denied.", "200 NOOP ok."]);
      c.close();
    }));
});

describe("passive data connections", () => {
  it("PASV answers vsftpd's 227 with a port in the configured range", () =>
    withServer(ANON_READ_ONLY + "pasv_min_port=47610\npasv_max_port=47619\n", async (h) => {
      const c = await RawClient.open(h.server.port);
      await c.login("ftp", "x");
      for (let i = 0; i < 3; i++) {
        const r = await c.cmd("PASV");
        const m = /^227 Entering Passive Mode \(127,0,0,1,(\d+),(\d+)\)\.$/.exec(r?.text ?? "");
        expect(m, r?.text).not.toBeNull();
        const port = Number(m![1]) * 256 + Number(m![2]);
        expect(port).toBeGreaterThanOrEqual(47610);
        expect(port).toBeLessThanOrEqual(47619);
      }
      c.close();
    }));

  it("a repeated PASV closes the previous listener; the session's end closes the last", () =>
    withServer(ANON_READ_ONLY, async (h) => {
      const c = await RawClient.open(h.server.port);
      await c.login("ftp", "x");
      const first = await c.epsv();
      const second = await c.epsv();
      const refused = async (port: number) => {
        const s = connect({ port, host: "127.0.0.1" });
        const ok = await new Promise<boolean>((resolve) => {
          s.once("connect", () => resolve(true));
          s.once("error", () => resolve(false));
        });
        s.destroy();
        return !ok;
      };
      expect(await refused(first)).toBe(true);
      await c.cmd("QUIT");
      await new Promise((r) => setTimeout(r, 50));
      expect(await refused(second)).toBe(true);
    }));

  it("a data command without PASV is 425", () =>
    withServer(ANON_READ_ONLY, async (h) => {
      const c = await RawClient.open(h.server.port);
      await c.login("ftp", "x");
      expect((await c.cmd("LIST"))?.text).toBe("425 Use PORT or PASV first.");
      c.close();
    }));
});

describe("the control connection", () => {
  it("pipelined commands run one at a time, in order", () =>
    withServer(ANON_READ_ONLY, async (h) => {
      const c = await RawClient.open(h.server.port);
      await c.read();
      c.socket.write("USER ftp\r\nPASS x\r\nCWD /nope\r\nPWD\r\nSYST\r\n");
      const got = [];
      for (let i = 0; i < 5; i++) got.push((await c.read())?.code);
      expect(got).toEqual([331, 230, 550, 257, 215]);
      c.close();
    }));
});

describe("anonymous uploads", () => {
  // Into a writable directory below the root, as vsftpd needs: a root the anonymous user can write is refused.
  it("anon_upload_enable creates with anon_umask, never overwrites, and other writes stay refused", async () => {
    const h = await serve(ANON_READ_ONLY + "write_enable=YES\nanon_upload_enable=YES\nanon_umask=022\n", {
      prepare: (r) => {
        mkdirSync(join(r, "incoming"));
        chmodSync(join(r, "incoming"), 0o777);
        writeFileSync(join(r, "incoming", "f.txt"), "file\n", { mode: 0o644 });
      },
    });
    const c = await RawClient.open(h.server.port);
    try {
      await c.login("ftp", "x");
      const port = await c.epsv();
      const d = connect({ port, host: "127.0.0.1" });
      await once(d, "connect");
      expect((await c.cmd("STOR incoming/new.txt"))?.text).toBe("150 Ok to send data.");
      d.end("uploaded\n");
      expect((await c.read())?.text).toBe("226 Transfer complete.");
      expect(readFileSync(join(h.root, "incoming", "new.txt"), "utf8")).toBe("uploaded\n");
      expect(statSync(join(h.root, "incoming", "new.txt")).mode & 0o777).toBe(0o644);
      await c.epsv();
      expect((await c.cmd("STOR incoming/f.txt"))?.text).toBe("553 Could not create file.");
      expect(await texts(c, ["DELE incoming/new.txt", "MKD incoming/d", "RNFR incoming/new.txt"])).toEqual(["550 Permission denied.", "550 Permission denied.", "550 Permission denied."]);
    } finally {
      c.close();
      await h.stop();
    }
  });
});

describe("limits and modes", () => {
  it("EPSV ALL refuses PASV and PORT afterwards, as vsftpd does", () =>
    withServer(ANON_READ_ONLY, async (h) => {
      const c = await RawClient.open(h.server.port);
      await c.login("ftp", "x");
      expect(await texts(c, ["EPSV 3", "EPSV ALL", "PASV", "PORT 127,0,0,1,7,208"])).toEqual([
        "522 Bad network protocol.",
        "200 EPSV ALL ok.",
        "550 Permission denied.",
        "550 Permission denied.",
      ]);
      expect((await c.cmd("EPSV"))?.code).toBe(229);
      c.close();
    }));
});

describe("a writable chroot root", () => {
  it("refuses a jailed local user's login with vsftpd's OOPS unless allow_writeable_chroot", () =>
    withServer(LOCAL_WRITE.replace("allow_writeable_chroot=YES\n", ""), async (h) => {
      // Writable by everyone, so by dave too: whether the server runs as dave's stand-in
      // (an ordinary user) or as root (dave has no account here: the others' bits decide).
      chmodSync(h.root, 0o777);
      const c = await RawClient.open(h.server.port);
      await c.read();
      await c.cmd("USER dave");
      expect((await c.cmd("PASS pw"))?.text).toBe("500 OOPS: vsftpd: refusing to run with writable root inside chroot()");
      expect(await c.read()).toBeUndefined();
    }));

  it("a 0755 jail: writable by the server's user as an ordinary user, not by --user dave when run as root", () =>
    withServer(LOCAL_WRITE.replace("allow_writeable_chroot=YES\n", ""), async (h) => {
      chmodSync(h.root, 0o755);
      const c = await RawClient.open(h.server.port);
      await c.read();
      await c.cmd("USER dave");
      // As an ordinary user the server's sessions are that user, who owns the tree; as root, dave
      // has no account here and is judged by the others' bits, as vsftpd would judge a stranger.
      expect((await c.cmd("PASS pw"))?.code).toBe(process.geteuid?.() === 0 ? 230 : 500);
      c.close();
    }));
});

describe("STAT PATH and SITE", () => {
  it("STAT with a path lists it over the control connection", () =>
    withServer(ANON_READ_ONLY + "hide_ids=YES\n", async (h) => {
      const c = await RawClient.open(h.server.port);
      await c.login("ftp", "x");
      expect((await c.cmd("STAT f.txt"))?.text).toMatch(/^213-Status follows:\n-rw-r--r-- +1 ftp +ftp +5 \w{3} \d\d .{5} f\.txt\n213 End of status$/);
      expect((await c.cmd("STAT"))?.text).toMatch(/^211-FTP server status:\n[\s\S]*\n211 End of status$/);
      expect((await c.cmd("SITE HELP"))?.text).toBe("550 Permission denied.");
      c.close();
    }));

  it("SITE CHMOD, UMASK and HELP for a local user; the new umask applies to the next MKD", () =>
    withServer(LOCAL_WRITE, async (h) => {
      const c = await RawClient.open(h.server.port);
      await c.login("dave", "pw");
      expect(await texts(c, ["SITE HELP", "SITE UMASK", "SITE UMASK 077", "MKD private", "SITE CHMOD 600 f.txt", "SITE CHMOD 600", "SITE CHMOD 600 nope", "SITE FOO"])).toEqual([
        "214 CHMOD UMASK HELP",
        "200 Your current UMASK is 022",
        "200 UMASK set to 077",
        '257 "/private" created',
        "200 SITE CHMOD command ok.",
        "500 SITE CHMOD needs 2 arguments.",
        "550 SITE CHMOD command failed.",
        "500 Unknown SITE command.",
      ]);
      expect(statSync(join(h.root, "f.txt")).mode & 0o777).toBe(0o600);
      expect(statSync(join(h.root, "private")).mode & 0o777).toBe(0o700);
      c.close();
    }));
});

describe("STOU", () => {
  it("stores under a unique name, wu-ftpd's way, and says which", () =>
    withServer(LOCAL_WRITE, async (h) => {
      const c = await RawClient.open(h.server.port);
      await c.login("dave", "pw");
      const stou = async (line: string, body: string) => {
        const port = await c.epsv();
        const d = connect({ port, host: "127.0.0.1" });
        await once(d, "connect");
        const first = await c.cmd(line);
        d.end(body);
        return [first?.text, (await c.read())?.text];
      };
      expect(await stou("STOU f.txt", "one")).toEqual(["150 FILE: f.txt.1", "226 Transfer complete."]);
      expect(await stou("STOU f.txt", "two")).toEqual(["150 FILE: f.txt.2", "226 Transfer complete."]);
      expect(await stou("STOU new.txt", "three")).toEqual(["150 FILE: new.txt", "226 Transfer complete."]);
      expect(await stou("STOU", "four")).toEqual(["150 FILE: STOU.1", "226 Transfer complete."]);
      expect(readFileSync(join(h.root, "f.txt"), "utf8")).toBe("file\n");
      expect(readFileSync(join(h.root, "f.txt.2"), "utf8")).toBe("two");
      c.close();
    }));
});

describe("pasv_address", () => {
  it("PASV names pasv_address; EPSV does not read it", () =>
    withServer(ANON_READ_ONLY + "pasv_address=192.0.2.7\n", async (h) => {
      const c = await RawClient.open(h.server.port);
      await c.login("ftp", "x");
      expect((await c.cmd("PASV"))?.text).toMatch(/^227 Entering Passive Mode \(192,0,2,7,\d+,\d+\)\.$/);
      expect((await c.cmd("EPSV"))?.code).toBe(229);
      c.close();
    }));

  it("a pasv_address that is not an IPv4 literal is refused at start with lint's finding (vsftpd dies at each PASV)", async () => {
    await expect(serve(ANON_READ_ONLY + "pasv_address=ftp.example.com\n")).rejects.toThrow(/vsftpd would refuse this configuration: .*\[VSF301\]/);
  });
});
