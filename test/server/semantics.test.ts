/**
 * vsftpd options as the server applies them, one behaviour per test, and a
 * profile served through the same pipeline `render` uses.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadServedConfig } from "../../src/server/config.js";
import { serverOptions } from "../../src/server/options.js";
import { ANON_READ_ONLY, LOCAL_WRITE, serve, type Harness } from "./harness.js";
import { RawClient } from "./raw-client.js";

function tree(root: string): void {
  mkdirSync(join(root, "pub"));
  writeFileSync(join(root, "pub", "a.txt"), "aaa\n", { mode: 0o644 });
  writeFileSync(join(root, "pub", "b.log"), "bbb\n", { mode: 0o644 });
  writeFileSync(join(root, "pub", ".dot"), "dot\n", { mode: 0o644 });
  writeFileSync(join(root, "private.txt"), "secret\n", { mode: 0o600 });
  symlinkSync("a.txt", join(root, "pub", "link"));
}

async function session(conf: string, body: (c: RawClient, h: Harness) => Promise<void>, login: [string, string] = ["ftp", "x"]): Promise<void> {
  const h = await serve(conf, { prepare: tree, users: [{ name: "gina", password: "pw" }] });
  const c = await RawClient.open(h.server.port);
  try {
    await c.login(...login);
    await body(c, h);
  } finally {
    c.close();
    await h.stop();
  }
}

/** Sends `content` over a fresh EPSV connection for `line` (STOR, APPE). */
async function send(c: RawClient, line: string, content: string): Promise<string[]> {
  const port = await c.epsv();
  const d = connect({ port, host: "127.0.0.1" });
  await once(d, "connect");
  const first = await c.cmd(line);
  if (first?.code !== 150) {
    d.destroy();
    return [first?.text ?? "(closed)"];
  }
  d.end(content);
  return [first.text, (await c.read())?.text ?? "(closed)"];
}

describe("listings", () => {
  it("LIST hides dot files, LIST -a shows them, force_dot_files always", async () => {
    await session(ANON_READ_ONLY, async (c) => {
      expect((await c.data("LIST pub")).body).not.toContain(".dot");
      expect((await c.data("LIST -a pub")).body).toContain(" .dot\r\n");
      // vsftpd's -a shows "." and ".." too, sorted first; ".." of the jail's root is the root itself.
      expect((await c.data("NLST -a pub")).body).toBe("pub/.\r\npub/..\r\npub/.dot\r\npub/a.txt\r\npub/b.log\r\npub/link\r\n");
      expect((await c.data("NLST -a")).body).toMatch(/^\.\r\n\.\.\r\n/);
      expect((await c.data("NLST -a /..")).body).toMatch(/^\/\.\.\/\.\r\n\/\.\.\/\.\.\r\n/);
      // A filter starting with "." implies -a, but matches "." and ".." by the names of the directories
      // they are (Debian's vsftpd, checked with the binary): ".*" finds .dot only, "p*" finds "." in pub.
      expect((await c.data("NLST pub/.*")).body).toBe("pub/.dot\r\n");
      expect((await c.data("NLST -a pub/p*")).body).toBe("pub/.\r\n");
    });
    await session(ANON_READ_ONLY + "force_dot_files=YES\n", async (c) => {
      expect((await c.data("LIST pub")).body).toContain(" .dot\r\n");
      // force_dot_files shows dot files, never "." and "..".
      expect((await c.data("NLST pub")).body).toBe("pub/.dot\r\npub/a.txt\r\npub/b.log\r\npub/link\r\n");
    });
  });

  it("NLST gives names, after the directory as given; a filter matches by glob; LIST of a file lists that file; links show their target", async () => {
    await session(ANON_READ_ONLY, async (c) => {
      // vsftpd's ls.c: NLST puts the directory before each name, LIST does not.
      expect((await c.data("NLST pub")).body).toBe("pub/a.txt\r\npub/b.log\r\npub/link\r\n");
      expect((await c.data("NLST pub/*.txt")).body).toBe("pub/a.txt\r\n");
      expect((await c.data("NLST -F pub")).body).toBe("pub/a.txt\r\npub/b.log\r\npub/link@\r\n");
      expect((await c.data("NLST -r pub")).body).toBe("pub/link\r\npub/b.log\r\npub/a.txt\r\n");
      expect((await c.data("NLST -l pub")).body).toMatch(/^-rw-r--r-- .* a\.txt\r\n/);
      expect((await c.data("LIST -F")).body).toMatch(/ pub\/\r\n$/);
      const one = await c.data("LIST pub/b.log");
      expect(one.body).toMatch(/^-rw-r--r-- +1 \d+ +\d+ +4 \w{3} \d\d .{5} b\.log\r\n$/);
      expect((await c.data("LIST pub")).body).toMatch(/^lrwxrwxrwx .* link -> a\.txt\r$/m);
      expect(one.first?.text).toBe("150 Here comes the directory listing.");
      expect(one.last?.text).toBe("226 Directory send OK.");
    });
  });

  it("hide_file leaves matches out of listings but lets them be fetched; deny_file refuses them", async () => {
    await session(ANON_READ_ONLY + "hide_file={*.log}\n", async (c) => {
      expect((await c.data("NLST pub")).body).toBe("pub/a.txt\r\npub/link\r\n");
      expect((await c.data("RETR pub/b.log")).body).toBe("bbb\n");
    });
    await session(ANON_READ_ONLY + "deny_file={*.log}\n", async (c) => {
      expect((await c.cmd("RETR pub/b.log"))?.text).toBe("550 Permission denied.");
      expect((await c.cmd("SIZE pub/b.log"))?.text).toBe("550 Permission denied.");
    });
  });

  it("hide_ids=NO shows numeric ids", async () => {
    await session(ANON_READ_ONLY, async (c) => {
      const uid = process.getuid!();
      expect((await c.data("LIST pub")).body).toMatch(new RegExp(`^-rw-r--r-- +1 ${uid} +`, "m"));
    });
  });

  it("dirlist_enable=NO refuses LIST and NLST", async () => {
    await session(ANON_READ_ONLY + "dirlist_enable=NO\n", async (c) => {
      expect((await c.cmd("LIST"))?.text).toBe("550 Permission denied.");
      expect((await c.cmd("NLST"))?.text).toBe("550 Permission denied.");
    });
  });
});

describe("downloads", () => {
  it("anon_world_readable_only refuses a file others may not read; NO allows it", async () => {
    await session(ANON_READ_ONLY, async (c) => {
      await c.epsv();
      expect((await c.cmd("RETR private.txt"))?.text).toBe("550 Failed to open file.");
    });
    await session(ANON_READ_ONLY + "anon_world_readable_only=NO\n", async (c) => {
      expect((await c.data("RETR private.txt")).body).toBe("secret\n");
    });
  });

  it("download_enable=NO refuses RETR", async () => {
    await session(ANON_READ_ONLY + "download_enable=NO\n", async (c) => {
      expect((await c.cmd("RETR pub/a.txt"))?.text).toBe("550 Permission denied.");
    });
  });
});

describe("uploads by a local user", () => {
  it("REST then STOR resumes without truncating; APPE appends", async () => {
    await session(LOCAL_WRITE, async (c, h) => {
      expect(await send(c, "STOR up.txt", "0123456789")).toEqual(["150 Ok to send data.", "226 Transfer complete."]);
      expect((await c.cmd("REST 4"))?.text).toBe("350 Restart position accepted (4).");
      await send(c, "STOR up.txt", "ab");
      expect(readFileSync(join(h.root, "up.txt"), "utf8")).toBe("0123ab6789");
      await send(c, "APPE up.txt", "XY");
      expect(readFileSync(join(h.root, "up.txt"), "utf8")).toBe("0123ab6789XY");
      await send(c, "STOR up.txt", "new");
      expect(readFileSync(join(h.root, "up.txt"), "utf8")).toBe("new");
    }, ["gina", "pw"]);
  });

  it("the jail's root itself cannot be removed or renamed", async () => {
    await session(LOCAL_WRITE, async (c) => {
      expect((await c.cmd("RMD /"))?.text).toBe("550 Remove directory operation failed.");
      expect((await c.cmd("RNFR /"))?.text).toBe("550 RNFR command failed.");
      expect((await c.cmd("DELE ../.."))?.text).toBe("550 Delete operation failed.");
      expect((await c.cmd("RNTO x"))?.text).toBe("503 RNFR required first.");
      expect((await c.cmd("MKD a/b/c"))?.text).toBe("550 Create directory operation failed.");
      expect((await c.cmd("MKD sub"))?.text).toBe('257 "/sub" created');
    }, ["gina", "pw"]);
  });

  it("without chroot_local_user the user starts in the root but sees the host's paths", async () => {
    await session(LOCAL_WRITE.replace("chroot_local_user=YES", "chroot_local_user=NO"), async (c, h) => {
      expect((await c.cmd("PWD"))?.text).toBe(`257 "${h.root}" is the current directory`);
    }, ["gina", "pw"]);
  });

  it("write_enable=NO refuses a local user's upload with 550", async () => {
    await session(LOCAL_WRITE.replace("write_enable=YES", "write_enable=NO"), async (c) => {
      expect((await c.cmd("STOR x"))?.text).toBe("550 Permission denied.");
    }, ["gina", "pw"]);
  });
});

describe("idle sessions", () => {
  it("idle_session_timeout ends a silent session with 421", async () => {
    await session(ANON_READ_ONLY + "idle_session_timeout=1\n", async (c) => {
      const r = await c.read(4000);
      expect(r?.text).toBe("421 Timeout.");
      expect(await c.read()).toBeUndefined();
    });
  });
});

describe("a built-in profile, served", () => {
  it("the anonymous profile is anonymous and read-only", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ftpctl-profile-"));
    try {
      const file = join(dir, "p.yaml");
      writeFileSync(file, "extends: [anonymous]\n");
      const cfg = loadServedConfig(file, { distro: "debian" });
      const o = serverOptions(cfg.get, { root: dir });
      expect([o.anonymousEnable, o.localEnable, o.writeEnable, o.anonUploadEnable]).toEqual([true, false, false, false]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("userlist_file", () => {
  it("is read (bounded) only with userlist_enable and local_enable, as vsftpd reads it", async () => {
    const { configFromBytes } = await import("../../src/server/config.js");
    const { readUserlist } = await import("../../src/commands/serve/run.js");
    const dir = mkdtempSync(join(tmpdir(), "ftpctl-userlist-"));
    try {
      writeFileSync(join(dir, "ul"), "root\nbin\n\n");
      const conf = (extra: string) => configFromBytes("x.conf", Buffer.from(`userlist_file=${join(dir, "ul")}\n${extra}`), "debian");
      expect(readUserlist(conf("userlist_enable=YES\nlocal_enable=YES\n"))).toEqual(["root", "bin"]);
      expect(readUserlist(conf("userlist_enable=YES\nlocal_enable=NO\nanonymous_enable=YES\n"))).toBeUndefined();
      expect(readUserlist(conf("userlist_enable=NO\nlocal_enable=YES\n"))).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("chroot_list_enable inverts chroot_local_user for listed users", () => {
  it.each([
    ["chroot_local_user=YES, listed: not jailed", "chroot_local_user=YES", ["gina"], false],
    ["chroot_local_user=YES, not listed: jailed", "chroot_local_user=YES", ["other"], true],
    ["chroot_local_user=NO, listed: jailed", "chroot_local_user=NO", ["gina"], true],
    ["chroot_local_user=NO, not listed: not jailed", "chroot_local_user=NO", [], false],
  ])("%s", async (_name, chroot, list, jailed) => {
    const conf = LOCAL_WRITE.replace("chroot_local_user=YES", chroot) + "chroot_list_enable=YES\n";
    const h = await serve(conf, { users: [{ name: "gina", password: "pw" }], chrootList: list });
    const c = await RawClient.open(h.server.port);
    try {
      await c.login("gina", "pw");
      expect((await c.cmd("PWD"))?.text).toBe(`257 "${jailed ? "/" : h.root}" is the current directory`);
    } finally {
      c.close();
      await h.stop();
    }
  });
});
