/**
 * The attack table: every hostile case the embedded server must refuse, one
 * row each, each on a fresh server. After every row the same server must
 * still serve a normal session (login, PWD, LIST, RETR): `stillServes`.
 *
 * Where vsftpd has an answer, the row expects vsftpd's (checked against the
 * Debian binary: "425 Security: Bad IP connecting." for a foreign passive
 * connection, "500 Illegal PORT command." for a bounce, "500 Input line too
 * long." and a close for an over-long line, the 421s of max_clients and
 * max_per_ip, "421 Data timeout. Reconnect. Sorry.").
 *
 * 127.0.0.2 is a second loopback address (Linux routes all of 127/8 to lo),
 * so a "third party" or "another client" is a socket bound there.
 */
import { once } from "node:events";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { connect, createServer, type Socket } from "node:net";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { LocalUser } from "../../src/server/options.js";
import { makeCertificate } from "../live/clients.js";
import { ANON_READ_ONLY, LOCAL_WRITE, serve, type Harness } from "./harness.js";
import { RawClient } from "./raw-client.js";

const SECRET = "outside secret\n";
const USERS: LocalUser[] = [{ name: "dave", password: "pw" }];
const ANON: Login = ["ftp", "x@"];
const DAVE: Login = ["dave", "pw"];
type Login = readonly [string, string];

/**
 * The tree: root/hello.txt for the normal session; beside the root (outside
 * the jail) outside/secret.txt; inside, links that point out of it:
 *   out-link  -> BASE/outside             (absolute, a directory)
 *   out-file  -> BASE/outside/secret.txt  (absolute, a file)
 *   rel-link  -> ../outside               (relative, climbing out)
 *   chain     -> out-link                 (a link to a link)
 *   chain-file -> out-file
 */
function tree(root: string): void {
  const base = dirname(root);
  writeFileSync(join(root, "hello.txt"), "hello\n", { mode: 0o644 });
  mkdirSync(join(base, "outside"));
  writeFileSync(join(base, "outside", "secret.txt"), SECRET, { mode: 0o644 });
  symlinkSync(join(base, "outside"), join(root, "out-link"));
  symlinkSync(join(base, "outside", "secret.txt"), join(root, "out-file"));
  symlinkSync("../outside", join(root, "rel-link"));
  symlinkSync("out-link", join(root, "chain"));
  symlinkSync("out-file", join(root, "chain-file"));
}

/** What lies outside the jail, names and contents, to show nothing there changed. */
function outsideSnapshot(h: Harness): string {
  const dir = join(dirname(h.root), "outside");
  return readdirSync(dir)
    .sort()
    .map((n) => `${n}:${readFileSync(join(dir, n), "utf8")}`)
    .join("|");
}

/** The normal session every row ends with: login, PWD, LIST, RETR, QUIT. */
async function stillServes(h: Harness, login: Login): Promise<void> {
  const c = await RawClient.open(h.server.port);
  try {
    await c.login(...login);
    expect((await c.cmd("PWD"))?.text).toBe('257 "/" is the current directory');
    const list = await c.data("LIST");
    expect(list.last?.text).toBe("226 Directory send OK.");
    expect(list.body).toContain(" hello.txt\r\n");
    const retr = await c.data("RETR hello.txt");
    expect(retr.body).toBe("hello\n");
    expect(retr.last?.text).toBe("226 Transfer complete.");
    expect((await c.cmd("QUIT"))?.text).toBe("221 Goodbye.");
  } finally {
    c.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A socket from 127.0.0.2, another machine as far as the server can tell. */
function fromElsewhere(port: number): Socket {
  const s = connect({ port, host: "127.0.0.1", localAddress: "127.0.0.2" });
  s.on("error", () => {});
  return s;
}

/** A listener on 127.0.0.2 that counts the connections it gets: a bounce target. */
async function thirdParty(): Promise<{ port: number; hits: () => number; close: () => void }> {
  let hits = 0;
  const srv = createServer((s) => {
    hits++;
    s.destroy();
  });
  srv.listen(0, "127.0.0.2");
  await once(srv, "listening");
  return { port: (srv.address() as { port: number }).port, hits: () => hits, close: () => srv.close() };
}

interface Attack {
  readonly name: string;
  /** The server's vsftpd.conf, or a step that makes what it needs (a certificate) and returns it. */
  readonly conf: string | (() => Promise<string>);
  /** Who logs in for the normal session afterwards. */
  readonly login: Login;
  readonly prepare?: (root: string) => void;
  /** Carries out the attack and asserts it was refused. */
  readonly run: (h: Harness) => Promise<void>;
  readonly timeoutMs?: number;
}

// ---------------------------------------------------------------------------
// Jail escapes: every path-taking verb, every way out.

type Escape = "dotdot" | "encoded" | "absolute" | "symlink" | "relative symlink" | "symlink to a symlink";

/** A path that would lead to the outside directory if the jail let it; `base` is the root's parent on the host. */
function outsideDir(kind: Escape, base: string): string {
  switch (kind) {
    case "dotdot": return "../../../../../../../..".concat(base, "/outside");
    case "encoded": return "%2e%2e/%2E%2E/..%2foutside";
    case "absolute": return `${base}/outside`;
    case "symlink": return "out-link";
    case "relative symlink": return "rel-link";
    case "symlink to a symlink": return "chain";
  }
}

const ESCAPES: readonly Escape[] = ["dotdot", "encoded", "absolute", "symlink", "relative symlink", "symlink to a symlink"];

/** Each verb's attempt on `dir` (a way to the outside directory) and vsftpd's refusal. */
const JAIL_VERBS: readonly { verb: string; attempt: (c: RawClient, dir: string) => Promise<string[]>; want: string[] }[] = [
  { verb: "RETR", attempt: async (c, d) => (await c.epsv(), [(await c.cmd(`RETR ${d}/secret.txt`))?.text ?? "(closed)"]), want: ["550 Failed to open file."] },
  {
    verb: "LIST",
    attempt: async (c, d) => {
      // With the trailing slash the directory is opened (a link followed), as vsftpd's opendir does;
      // without it a link is listed as itself (the link rows below).
      const r = await c.data(`LIST ${d}/`);
      return [r.first?.text ?? "", r.last?.text ?? "", r.body];
    },
    want: ["150 Here comes the directory listing.", "226 Transfer done (but failed to open directory).", ""],
  },
  { verb: "CWD", attempt: async (c, d) => [(await c.cmd(`CWD ${d}`))?.text ?? "", (await c.cmd("PWD"))?.text ?? ""], want: ["550 Failed to change directory.", '257 "/" is the current directory'] },
  { verb: "STOR", attempt: async (c, d) => (await c.epsv(), [(await c.cmd(`STOR ${d}/planted.txt`))?.text ?? "(closed)"]), want: ["553 Could not create file."] },
  { verb: "MKD", attempt: async (c, d) => [(await c.cmd(`MKD ${d}/planted`))?.text ?? ""], want: ["550 Create directory operation failed."] },
  {
    verb: "RNFR/RNTO",
    attempt: async (c, d) => [
      (await c.cmd(`RNFR ${d}/secret.txt`))?.text ?? "",
      (await c.cmd("RNFR hello.txt"))?.text ?? "",
      (await c.cmd(`RNTO ${d}/stolen.txt`))?.text ?? "",
    ],
    want: ["550 RNFR command failed.", "350 Ready for RNTO.", "550 Rename failed."],
  },
  { verb: "SIZE", attempt: async (c, d) => [(await c.cmd(`SIZE ${d}/secret.txt`))?.text ?? ""], want: ["550 Could not get file size."] },
  { verb: "MDTM", attempt: async (c, d) => [(await c.cmd(`MDTM ${d}/secret.txt`))?.text ?? ""], want: ["550 Could not get file modification time."] },
  { verb: "DELE", attempt: async (c, d) => [(await c.cmd(`DELE ${d}/secret.txt`))?.text ?? ""], want: ["550 Delete operation failed."] },
];

/** As a jailed local user who may write, so only the jail stands between the verb and the outside. */
function jailRow(verb: (typeof JAIL_VERBS)[number], kind: Escape): Attack {
  return {
    name: `jail escape by ${kind}: ${verb.verb}`,
    conf: LOCAL_WRITE,
    login: DAVE,
    prepare: tree,
    run: async (h) => {
      const before = outsideSnapshot(h);
      const c = await RawClient.open(h.server.port);
      try {
        await c.login(...DAVE);
        const got = await verb.attempt(c, outsideDir(kind, dirname(h.root)));
        expect(got).toEqual(verb.want);
        expect(got.join("\n")).not.toContain(SECRET.trim());
      } finally {
        c.close();
      }
      expect(outsideSnapshot(h)).toBe(before);
      expect(readFileSync(join(h.root, "hello.txt"), "utf8")).toBe("hello\n");
    },
  };
}

/** A link as the last component: read verbs follow it inside the jail; change verbs act on the link itself. */
const LINK_ITSELF: Attack[] = (["out-file", "chain-file"] as const).map((link) => ({
  name: `jail escape by ${link === "out-file" ? "a symlink" : "a symlink to a symlink"} to a file outside: RETR, SIZE, MDTM, STOR, LIST, RNFR/RNTO and DELE on the link`,
  conf: LOCAL_WRITE,
  login: DAVE,
  prepare: tree,
  run: async (h) => {
    const before = outsideSnapshot(h);
    const c = await RawClient.open(h.server.port);
    try {
      await c.login(...DAVE);
      await c.epsv();
      expect((await c.cmd(`RETR ${link}`))?.text).toBe("550 Failed to open file.");
      expect((await c.cmd(`SIZE ${link}`))?.text).toBe("550 Could not get file size.");
      expect((await c.cmd(`MDTM ${link}`))?.text).toBe("550 Could not get file modification time.");
      // STOR through the link: its target, read inside the jail, has no directory to be created in.
      expect((await c.cmd(`STOR ${link}`))?.text).toBe("553 Could not create file.");
      // LIST shows the link as a link (vsftpd's ls -l), never what is behind it.
      const list = await c.data(`LIST ${link}`);
      expect(list.body).toMatch(new RegExp(`^lrwxrwxrwx .* ${link} -> `));
      expect(list.body).not.toContain(SECRET.trim());
      // A rename or delete acts on the link, which is inside; the file it names is untouched.
      expect((await c.cmd(`RNFR ${link}`))?.text).toBe("350 Ready for RNTO.");
      expect((await c.cmd("RNTO renamed-link"))?.text).toBe("250 Rename successful.");
      expect((await c.cmd("DELE renamed-link"))?.text).toBe("250 Delete operation successful.");
    } finally {
      c.close();
    }
    expect(outsideSnapshot(h)).toBe(before);
  },
}));

// ---------------------------------------------------------------------------
// Data connections.

function bounceRow(verb: "PORT" | "EPRT"): Attack {
  return {
    name: `${verb} bounce to a third-party address`,
    conf: ANON_READ_ONLY,
    login: ANON,
    prepare: tree,
    run: async (h) => {
      const victim = await thirdParty();
      const c = await RawClient.open(h.server.port);
      try {
        await c.login(...ANON);
        const arg = verb === "PORT" ? `127,0,0,2,${victim.port >> 8},${victim.port & 255}` : `|1|127.0.0.2|${victim.port}|`;
        expect((await c.cmd(`${verb} ${arg}`))?.text).toBe(`500 Illegal ${verb} command.`);
        // The refused address is forgotten: the next transfer has no data connection at all.
        expect((await c.cmd("RETR hello.txt"))?.text).toBe("425 Use PORT or PASV first.");
        // Nor may the client's own address name a privileged port (a bounce into the server's own services).
        const priv = verb === "PORT" ? "127,0,0,1,0,25" : "|1|127.0.0.1|25|";
        expect((await c.cmd(`${verb} ${priv}`))?.text).toBe(`500 Illegal ${verb} command.`);
        await sleep(100);
        expect(victim.hits()).toBe(0);
        expect(h.events.filter((e) => e.type === "refused" && e.command === verb)).toHaveLength(2);
      } finally {
        c.close();
        victim.close();
      }
    },
  };
}

/** PASV's or EPSV's port, from its reply. */
async function passivePort(c: RawClient, verb: "PASV" | "EPSV"): Promise<number> {
  if (verb === "EPSV") return c.epsv();
  const m = /\((\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\)/.exec((await c.cmd("PASV"))?.text ?? "");
  return Number(m![5]) * 256 + Number(m![6]);
}

function foreignPassiveRow(verb: "PASV" | "EPSV"): Attack {
  return {
    name: `${verb} data connection from another address`,
    conf: ANON_READ_ONLY,
    login: ANON,
    prepare: tree,
    run: async (h) => {
      const c = await RawClient.open(h.server.port);
      try {
        await c.login(...ANON);
        // The intruder is first: vsftpd takes the first connection for the transfer, sees its
        // address, closes it and fails the command; the client's own connection comes too late.
        const intruder = fromElsewhere(await passivePort(c, verb));
        const got: Buffer[] = [];
        intruder.on("data", (b: Buffer) => got.push(b));
        const intruderClosed = new Promise((resolve) => intruder.once("close", resolve));
        await once(intruder, "connect");
        await sleep(50);
        expect((await c.cmd("RETR hello.txt"))?.text).toBe("425 Security: Bad IP connecting.");
        await intruderClosed;
        expect(Buffer.concat(got).length).toBe(0);
        // The listener went with it, as in vsftpd.
        expect((await c.cmd("LIST"))?.text).toBe("425 Use PORT or PASV first.");
        expect(h.events.some((e) => e.type === "refused" && e.text.includes("127.0.0.2"))).toBe(true);
        // The client first, the intruder after: the client's transfer goes through untouched.
        const port = await passivePort(c, verb);
        const mine = connect({ port, host: "127.0.0.1" });
        const body: Buffer[] = [];
        mine.on("data", (b: Buffer) => body.push(b));
        const mineClosed = once(mine, "close");
        await once(mine, "connect");
        await sleep(50);
        // The listener may be gone by now (refused) or drop it (closed at once): either way it gets nothing.
        const late = fromElsewhere(port);
        const lateBytes: Buffer[] = [];
        late.on("data", (b: Buffer) => lateBytes.push(b));
        const lateClosed = new Promise((resolve) => late.once("close", resolve));
        expect((await c.cmd("RETR hello.txt"))?.code).toBe(150);
        await mineClosed;
        await lateClosed;
        expect((await c.read())?.text).toBe("226 Transfer complete.");
        expect(Buffer.concat(body).toString()).toBe("hello\n");
        expect(Buffer.concat(lateBytes).length).toBe(0);
      } finally {
        c.close();
      }
    },
  };
}

/** The control of the row above: with pasv_promiscuous=YES vsftpd takes the connection from anywhere. */
const PROMISCUOUS: Attack = {
  name: "PASV data connection from another address, with pasv_promiscuous=YES: taken, as vsftpd takes it",
  conf: ANON_READ_ONLY + "pasv_promiscuous=YES\n",
  login: ANON,
  prepare: tree,
  run: async (h) => {
    const c = await RawClient.open(h.server.port);
    try {
      await c.login(...ANON);
      const other = fromElsewhere(await passivePort(c, "PASV"));
      const body: Buffer[] = [];
      other.on("data", (b: Buffer) => body.push(b));
      const closed = once(other, "close");
      await once(other, "connect");
      expect((await c.cmd("RETR hello.txt"))?.code).toBe(150);
      await closed;
      expect((await c.read())?.text).toBe("226 Transfer complete.");
      expect(Buffer.concat(body).toString()).toBe("hello\n");
    } finally {
      c.close();
    }
  },
};

// ---------------------------------------------------------------------------
// The control connection.

const rss = () => process.memoryUsage().rss;
const MIB = 1024 * 1024;

const LONG_LINE: Attack = {
  name: "a 1 MiB command line",
  conf: ANON_READ_ONLY,
  login: ANON,
  prepare: tree,
  run: async (h) => {
    const c = await RawClient.open(h.server.port);
    try {
      await c.read();
      const before = rss();
      // No line end: vsftpd's cap (4096 bytes with the end) refuses it before it is whole.
      c.socket.write(Buffer.alloc(MIB, 0x41));
      expect((await c.read())?.text).toBe("500 Input line too long.");
      expect(await c.read()).toBeUndefined();
      expect(rss() - before).toBeLessThan(32 * MIB);
    } finally {
      c.close();
    }
    // The same with a line end, sent in small pieces: nothing runs, the session ends.
    const d = await RawClient.open(h.server.port);
    try {
      await d.read();
      for (let i = 0; i < 256; i++) d.socket.write(`${"NOOP".padEnd(4096, " ")}`);
      d.socket.write("\r\n");
      expect((await d.read())?.text).toBe("500 Input line too long.");
      expect(await d.read()).toBeUndefined();
    } finally {
      d.close();
    }
  },
};

const DIR_ENTRIES = 200;
/** ~250 bytes a listing line: each STAT of the directory is a ~50 KB reply. */
const LONG_NAME = "n".repeat(200);

const UNREAD_REPLIES: Attack = {
  name: "commands pipelined by a client that never reads the replies",
  conf: ANON_READ_ONLY,
  login: ANON,
  prepare: (root) => {
    tree(root);
    // STAT of a directory answers with its listing on the control connection: a big reply for a small command.
    mkdirSync(join(root, "many"));
    for (let i = 0; i < DIR_ENTRIES; i++) writeFileSync(join(root, "many", `${LONG_NAME}-${String(i).padStart(5, "0")}`), "");
  },
  timeoutMs: 30_000,
  run: async (h) => {
    const s = connect({ port: h.server.port, host: "127.0.0.1" });
    s.on("error", () => {});
    await once(s, "connect");
    const before = rss();
    // 4,000 STATs of a 200-entry directory (~200 MB of replies) from 44 KB of commands, and not one byte read back.
    s.write("USER ftp\r\nPASS x@\r\n");
    s.write("STAT many\r\n".repeat(4000));
    s.pause();
    await sleep(3000);
    const grown = rss() - before;
    // Socket buffers and a few replies, not the 180 MB: the server stops running commands until the client reads.
    expect(grown).toBeLessThan(64 * MIB);
    s.destroy();
  },
};

// ---------------------------------------------------------------------------
// Logins and connections.

/** One connection's worth of failed logins: max_login_fails of them, then vsftpd's silent close. */
async function failUntilClosed(port: number, fails: number): Promise<number> {
  const c = await RawClient.open(port);
  let n = 0;
  try {
    expect((await c.read())?.code).toBe(220);
    for (let i = 0; i < fails; i++) {
      expect((await c.cmd("USER dave"))?.text).toBe("331 Please specify the password.");
      expect((await c.cmd("PASS wrong"))?.text).toBe("530 Login incorrect.");
      n++;
    }
    expect(await c.read()).toBeUndefined();
  } finally {
    c.close();
  }
  return n;
}

const FAILED_LOGINS: Attack = {
  name: "1,000 rapid failed logins across reconnects (delay_failed_login=0, max_login_fails=3)",
  conf: LOCAL_WRITE + "max_login_fails=3\n",
  login: DAVE,
  prepare: tree,
  timeoutMs: 60_000,
  run: async (h) => {
    let total = 0;
    // 10 clients at once, each reconnecting until the thousand are spent.
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (total < 1000) {
          const n = await failUntilClosed(h.server.port, 3);
          total += n;
        }
      }),
    );
    expect(total).toBeGreaterThanOrEqual(1000);
    expect(h.events.filter((e) => e.type === "login-failed").length).toBe(total);
    expect(h.events.some((e) => e.type === "login")).toBe(false);
    // No session is left behind.
    for (let i = 0; i < 50 && h.server.sessions() > 0; i++) await sleep(20);
    expect(h.server.sessions()).toBe(0);
  },
};

const PIPELINED_FAILS: Attack = {
  name: "1,000 failed logins pipelined in one session (max_login_fails=1000)",
  conf: LOCAL_WRITE + "max_login_fails=1000\n",
  login: DAVE,
  prepare: tree,
  timeoutMs: 30_000,
  run: async (h) => {
    const c = await RawClient.open(h.server.port);
    try {
      await c.read();
      c.socket.write("USER dave\r\nPASS wrong\r\n".repeat(1000));
      let incorrect = 0;
      for (let i = 0; i < 2000; i++) if ((await c.read())?.code === 530) incorrect++;
      expect(incorrect).toBe(1000);
      expect(await c.read()).toBeUndefined();
    } finally {
      c.close();
    }
  },
};

/** Opens `n` connections at once and sorts them by their first reply; the refused ones must be closed by the server. */
async function flood(port: number, n: number, localAddress?: string): Promise<{ greeted: RawClient[]; refused: string[] }> {
  const clients = await Promise.all(Array.from({ length: n }, () => RawClient.open(port, "127.0.0.1", localAddress)));
  const firsts = await Promise.all(clients.map(async (c) => ({ c, r: await c.read() })));
  const greeted = firsts.filter((f) => f.r?.code === 220).map((f) => f.c);
  const refused = firsts.filter((f) => f.r?.code !== 220);
  for (const f of refused) {
    expect(await f.c.read()).toBeUndefined();
    f.c.close();
  }
  return { greeted, refused: refused.map((f) => f.r?.text ?? "(closed)") };
}

/** Closes the flood's sessions and waits until the server has let go of them. */
async function release(h: Harness, clients: RawClient[]): Promise<void> {
  for (const c of clients) c.close();
  for (let i = 0; i < 100 && h.server.sessions() > 0; i++) await sleep(20);
  // The refused sockets' last bytes may still be on their way out.
  await sleep(100);
}

const MAX_CLIENTS: Attack = {
  name: "a connection flood beyond max_clients",
  conf: ANON_READ_ONLY + "max_clients=10\n",
  login: ANON,
  prepare: tree,
  timeoutMs: 30_000,
  run: async (h) => {
    const { greeted, refused } = await flood(h.server.port, 60);
    expect(greeted).toHaveLength(10);
    expect(new Set(refused)).toEqual(new Set(["421 There are too many connected users, please try later."]));
    expect(refused).toHaveLength(50);
    // Once the flood lets go, the places are free again.
    await release(h, greeted);
  },
};

const MAX_PER_IP: Attack = {
  name: "a connection flood beyond max_per_ip, while another address is still served",
  conf: ANON_READ_ONLY + "max_per_ip=5\n",
  login: ANON,
  prepare: tree,
  timeoutMs: 30_000,
  run: async (h) => {
    const { greeted, refused } = await flood(h.server.port, 40);
    expect(greeted).toHaveLength(5);
    expect(refused).toHaveLength(35);
    expect(new Set(refused)).toEqual(new Set(["421 There are too many connections from your internet address."]));
    // The limit is per address: 127.0.0.2 gets in while 127.0.0.1 is full.
    const other = await flood(h.server.port, 1, "127.0.0.2");
    expect(other.greeted).toHaveLength(1);
    await release(h, [...greeted, ...other.greeted]);
  },
};

const GIB = 1024 * MIB;

const STALLED_READER: Attack = {
  name: "a client that stops reading mid-download of a big file",
  conf: ANON_READ_ONLY + "data_connection_timeout=2\n",
  login: ANON,
  prepare: (root) => {
    tree(root);
    writeFileSync(join(root, "huge.bin"), "");
    truncateSync(join(root, "huge.bin"), 4 * GIB);
    chmodSync(join(root, "huge.bin"), 0o644);
  },
  timeoutMs: 30_000,
  run: async (h) => {
    const c = await RawClient.open(h.server.port);
    try {
      await c.login(...ANON);
      const d = connect({ port: await c.epsv(), host: "127.0.0.1" });
      d.on("error", () => {});
      await once(d, "connect");
      const first = new Promise<Buffer>((resolve) => d.once("data", resolve));
      const before = rss();
      expect((await c.cmd("RETR huge.bin"))?.code).toBe(150);
      // Reads a little, then nothing more.
      expect((await first).length).toBeGreaterThan(0);
      d.pause();
      await sleep(1500);
      expect(rss() - before).toBeLessThan(96 * MIB);
      // data_connection_timeout: nothing moved for 2 s, so vsftpd's 421 and the session ends.
      expect((await c.read(8000))?.text).toBe("421 Data timeout. Reconnect. Sorry.");
      expect(await c.read()).toBeUndefined();
      d.destroy();
      // What left the file: socket buffers and a stream chunk or two, not the 4 GiB.
      const sent = h.events.find((e) => e.type === "transfer");
      expect(sent?.type === "transfer" && sent.ok).toBe(false);
      expect(sent?.type === "transfer" ? sent.bytes : -1).toBeLessThan(64 * MIB);
    } finally {
      c.close();
    }
  },
};

// ---------------------------------------------------------------------------
// TLS.

/**
 * A command sent in the same packet as AUTH TLS must never run: vsftpd reads
 * the control connection up to the line end only, so what follows is fed
 * to the TLS handshake (which fails on it).
 */
/** Where the TLS row's certificate is made; removed after the table. */
let certDir: string | undefined;

const AUTH_TLS_PIPELINED: Attack = {
  name: "a command pipelined after AUTH TLS",
  conf: async () => {
    certDir ??= mkdtempSync(join(tmpdir(), "ftpctl-attack-tls-"));
    const { cert, key } = await makeCertificate(certDir);
    return `${ANON_READ_ONLY}ssl_enable=YES\nallow_anon_ssl=YES\nrsa_cert_file=${cert}\nrsa_private_key_file=${key}\n`;
  },
  login: ANON,
  prepare: tree,
  run: async (h) => {
    const c = await RawClient.open(h.server.port);
    try {
      await c.read();
      c.socket.write("AUTH TLS\r\nUSER ftp\r\n");
      expect((await c.read())?.text).toBe("234 Proceed with negotiation.");
      // The USER bytes reach the handshake, never the command loop: no 331 ever comes.
      const later = await c.read(2000).catch(() => undefined);
      expect(later?.code).not.toBe(331);
      expect(h.events.some((e) => e.type === "login")).toBe(false);
    } finally {
      c.close();
    }
  },
};

const ATTACKS: readonly Attack[] = [
  ...ESCAPES.flatMap((kind) => JAIL_VERBS.map((v) => jailRow(v, kind))),
  ...LINK_ITSELF,
  bounceRow("PORT"),
  bounceRow("EPRT"),
  foreignPassiveRow("PASV"),
  foreignPassiveRow("EPSV"),
  PROMISCUOUS,
  LONG_LINE,
  UNREAD_REPLIES,
  FAILED_LOGINS,
  PIPELINED_FAILS,
  MAX_CLIENTS,
  MAX_PER_IP,
  STALLED_READER,
  AUTH_TLS_PIPELINED,
];

describe("the attack table", () => {
  afterAll(() => {
    if (certDir) rmSync(certDir, { recursive: true, force: true });
  });

  it("has one row per case, each named once", () => {
    expect(new Set(ATTACKS.map((a) => a.name)).size).toBe(ATTACKS.length);
  });

  for (const a of ATTACKS) {
    it(`${a.name}; then a normal session is served`, { timeout: a.timeoutMs ?? 15_000 }, async () => {
      const h = await serve(typeof a.conf === "string" ? a.conf : await a.conf(), { users: USERS, ...(a.prepare ? { prepare: a.prepare } : {}) });
      try {
        await a.run(h);
        await stillServes(h, a.login);
      } finally {
        await h.stop();
      }
    });
  }
});
