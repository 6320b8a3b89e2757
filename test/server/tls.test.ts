/**
 * Explicit FTPS (RFC 4217) in the embedded server, as vsftpd 3.0.3 answers
 * it (ssl.c, prelogin.c, postlogin.c, features.c; the replies were checked
 * against /usr/sbin/vsftpd, see tls-vsftpd.test.ts): AUTH/PBSZ/PROT before
 * and after login, FEAT, the force_* and allow_anon_ssl rules, PROT P data
 * connections, require_ssl_reuse, implicit_ssl, and nothing pipelined after
 * AUTH TLS ever running as a command.
 */
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import { connect, createServer, type AddressInfo, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Control, serveTls, testCert, type TestCert, type TlsHarness } from "./tls-helpers.js";

const ANON_TLS = "anonymous_enable=YES\nlocal_enable=NO\nwrite_enable=NO\ndelay_failed_login=0\nssl_enable=YES\nallow_anon_ssl=YES\n";
const LOCAL_TLS = "anonymous_enable=NO\nlocal_enable=YES\nwrite_enable=YES\nchroot_local_user=YES\nallow_writeable_chroot=YES\ndelay_failed_login=0\nssl_enable=YES\n";
const ALICE = { name: "alice", password: "s3cret" };
const tree = (root: string) => writeFileSync(join(root, "hello.txt"), "hello over TLS\n", { mode: 0o644 });

let cert: TestCert;
beforeAll(async () => {
  cert = await testCert();
});
afterAll(() => cert?.remove());

/** Runs `fn` against a server on `conf`, stopping it after. */
async function withServer(conf: string, fn: (h: TlsHarness) => Promise<void>, users = [ALICE]): Promise<void> {
  const h = await serveTls(conf, cert, { users, prepare: tree });
  try {
    await fn(h);
  } finally {
    await h.stop();
  }
}

async function secured(h: TlsHarness): Promise<Control> {
  const c = await Control.open(h.port);
  await c.read();
  expect(await c.say("AUTH TLS")).toBe("234 Proceed with negotiation.");
  await c.upgrade(cert.cert);
  return c;
}

describe("FEAT", () => {
  const feat = async (conf: string) => {
    let text = "";
    await withServer(conf, async (h) => {
      const c = await Control.open(h.port);
      await c.read();
      text = (await c.cmd("FEAT"))!.text;
      c.close();
    });
    return text.split("\n");
  };

  it("lists AUTH TLS, PBSZ and PROT where vsftpd does with ssl_enable", async () => {
    // UTF8 is utf8_filesystem's business, not TLS's.
    const lines = (await feat(ANON_TLS)).filter((l) => l !== " UTF8");
    expect(lines).toEqual(["211-Features:", " AUTH TLS", " EPRT", " EPSV", " MDTM", " PASV", " PBSZ", " PROT", " REST STREAM", " SIZE", " TVFS", "211 End"]);
  });

  it("lists none of them without ssl_enable", async () => {
    const lines = await feat(ANON_TLS.replace("ssl_enable=YES", "ssl_enable=NO"));
    expect(lines.filter((l) => /AUTH|PBSZ|PROT/.test(l))).toEqual([]);
  });

  it("says AUTH TLS only with ssl_tlsv1, AUTH SSL only with ssl_sslv2 or ssl_sslv3", async () => {
    const lines = await feat(ANON_TLS + "ssl_tlsv1=NO\nssl_sslv3=YES\n");
    expect(lines.filter((l) => /AUTH|PBSZ|PROT/.test(l))).toEqual([" AUTH SSL", " PBSZ", " PROT"]);
  });
});

describe("AUTH, PBSZ, PROT and CCC", () => {
  it("answers before TLS, on TLS and after login as vsftpd does", async () => {
    await withServer(ANON_TLS, async (h) => {
      const c = await Control.open(h.port);
      await c.read();
      expect(await c.say("PBSZ 0")).toBe("503 PBSZ needs a secure connection.");
      expect(await c.say("PROT P")).toBe("503 PROT needs a secure connection.");
      expect(await c.say("CCC")).toBe("530 Please login with USER and PASS.");
      expect(await c.say("AUTH XYZ")).toBe("504 Unknown AUTH type.");
      expect(await c.say("AUTH tls-c")).toBe("234 Proceed with negotiation.");
      await c.upgrade(cert.cert);
      expect(await c.say("AUTH TLS")).toBe("530 Please login with USER and PASS.");
      expect(await c.say("PBSZ 0")).toBe("200 PBSZ set to 0.");
      expect(await c.say("PROT S")).toBe("536 PROT not supported.");
      expect(await c.say("PROT E")).toBe("536 PROT not supported.");
      expect(await c.say("PROT X")).toBe("504 PROT not recognized.");
      expect(await c.say("PROT C")).toBe("200 PROT now Clear.");
      expect(await c.say("PROT p")).toBe("200 PROT now Private.");
      expect(await c.say("CCC")).toBe("530 Please login with USER and PASS.");
      expect(await c.say("USER ftp")).toBe("331 Please specify the password.");
      expect(await c.say("PASS x")).toBe("230 Login successful.");
      const stat = (await c.cmd("STAT"))!.text;
      expect(stat).toContain("     Control connection is encrypted\n     Data connections will be encrypted\n");
      expect(await c.say("AUTH TLS")).toBe("500 Unknown command.");
      expect(await c.say("CCC")).toBe("500 Unknown command.");
      expect(await c.say("PBSZ 1")).toBe("200 PBSZ set to 0.");
      expect(await c.say("PROT Q")).toBe("504 PROT not recognized.");
      c.close();
    });
  });

  it("without ssl_enable, AUTH is unknown before login and PBSZ/PROT are refused after it", async () => {
    await withServer(ANON_TLS.replace("ssl_enable=YES", "ssl_enable=NO"), async (h) => {
      const c = await Control.open(h.port);
      await c.read();
      expect(await c.say("AUTH TLS")).toBe("530 Please login with USER and PASS.");
      expect(await c.say("PBSZ 0")).toBe("530 Please login with USER and PASS.");
      expect(await c.say("USER ftp")).toBe("331 Please specify the password.");
      expect(await c.say("PASS x")).toBe("230 Login successful.");
      expect(await c.say("PBSZ 0")).toBe("550 Permission denied.");
      expect(await c.say("PROT P")).toBe("550 Permission denied.");
      expect(await c.say("AUTH TLS")).toBe("500 Unknown command.");
      c.close();
    });
  });
});

describe("nothing pipelined after AUTH TLS runs as a command", () => {
  it("'AUTH TLS\\r\\nPWD\\r\\n' in one write: the PWD is the handshake's, which fails as vsftpd's does", async () => {
    await withServer(ANON_TLS, async (h) => {
      const c = await Control.open(h.port);
      await c.read();
      c.write("AUTH TLS\r\nPWD\r\n");
      expect((await c.read())?.text).toBe("234 Proceed with negotiation.");
      // vsftpd reads one line at a time: the PWD stays unread and SSL_accept takes it for a record.
      expect((await c.read())?.text).toBe("500 OOPS: error:0A00010B:SSL routines::wrong version number");
      expect(await c.read()).toBeUndefined();
      expect(c.leftover).toBe("");
      expect(h.events.filter((e) => e.type === "refused" && e.command === "PWD")).toEqual([]);
    });
  });

  it("a command split over two writes after AUTH TLS goes to the handshake too", async () => {
    await withServer(ANON_TLS, async (h) => {
      const c = await Control.open(h.port);
      await c.read();
      c.write("AUTH TLS\r\nUSER ft");
      expect((await c.read())?.text).toBe("234 Proceed with negotiation.");
      c.write("p\r\nPASS x\r\nPWD\r\n");
      expect((await c.read())?.code).toBe(500);
      expect(await c.read()).toBeUndefined();
      expect(h.events.some((e) => e.type === "login")).toBe(false);
    });
  });

  it("commands before AUTH TLS in the same write run first, and the session goes on in TLS", async () => {
    await withServer(ANON_TLS, async (h) => {
      const c = await Control.open(h.port);
      await c.read();
      c.write("SYST\r\nAUTH TLS\r\n");
      expect((await c.read())?.text).toBe("530 Please login with USER and PASS.");
      expect((await c.read())?.text).toBe("234 Proceed with negotiation.");
      await c.upgrade(cert.cert);
      expect(await c.say("USER ftp")).toBe("331 Please specify the password.");
      expect(await c.say("PASS x")).toBe("230 Login successful.");
      expect(await c.say("PWD")).toBe('257 "/" is the current directory');
      c.close();
    });
  });

  it("after a refused AUTH the bytes that followed it are commands after all", async () => {
    await withServer(ANON_TLS, async (h) => {
      const c = await Control.open(h.port);
      await c.read();
      c.write("AUTH XYZ\r\nUSER ftp\r\nPASS x\r\nPWD\r\n");
      expect((await c.read())?.text).toBe("504 Unknown AUTH type.");
      expect((await c.read())?.code).toBe(331);
      expect((await c.read())?.code).toBe(230);
      expect((await c.read())?.text).toBe('257 "/" is the current directory');
      c.close();
    });
  });
});

describe("the line reader over TLS", () => {
  it("answers commands pipelined in one TLS write one at a time, in order", async () => {
    await withServer(ANON_TLS, async (h) => {
      const c = await secured(h);
      c.write("USER ftp\r\nPASS x\r\nPWD\r\nSYST\r\n");
      const replies = [await c.read(), await c.read(), await c.read(), await c.read()].map((r) => r?.code);
      expect(replies).toEqual([331, 230, 257, 215]);
      c.close();
    });
  });

  it("keeps vsftpd's line cap: a line over 4096 bytes is 500 and the end", async () => {
    await withServer(ANON_TLS, async (h) => {
      const c = await secured(h);
      c.write(`NOOP ${"x".repeat(5000)}\r\n`);
      expect((await c.read())?.text).toBe("500 Input line too long.");
      expect(await c.read()).toBeUndefined();
    });
  });
});

describe("login rules", () => {
  it("force_local_logins_ssl (default YES): a local USER in clear is refused and the session ends", async () => {
    await withServer(LOCAL_TLS, async (h) => {
      const c = await Control.open(h.port);
      await c.read();
      expect(await c.say("USER alice")).toBe("530 Non-anonymous sessions must use encryption.");
      expect(await c.read()).toBeUndefined();
      const d = await secured(h);
      expect(await d.say("USER alice")).toBe("331 Please specify the password.");
      expect(await d.say("PASS s3cret")).toBe("230 Login successful.");
      d.close();
    });
  });

  it("force_local_logins_ssl=NO lets a local user log in in clear", async () => {
    await withServer(LOCAL_TLS + "force_local_logins_ssl=NO\n", async (h) => {
      const c = await Control.open(h.port);
      await c.read();
      expect(await c.say("USER alice")).toBe("331 Please specify the password.");
      expect(await c.say("PASS s3cret")).toBe("230 Login successful.");
      c.close();
    });
  });

  it("force_anon_logins_ssl: anonymous in clear is refused and the session ends; over TLS it logs in", async () => {
    await withServer(ANON_TLS + "force_anon_logins_ssl=YES\n", async (h) => {
      const c = await Control.open(h.port);
      await c.read();
      expect(await c.say("USER anonymous")).toBe("530 Anonymous sessions must use encryption.");
      expect(await c.read()).toBeUndefined();
      const d = await secured(h);
      expect(await d.say("USER ftp")).toBe("331 Please specify the password.");
      expect(await d.say("PASS x")).toBe("230 Login successful.");
      d.close();
    });
  });

  it("allow_anon_ssl=NO: anonymous over TLS is refused (the session stays), in clear it logs in", async () => {
    await withServer(ANON_TLS.replace("allow_anon_ssl=YES", "allow_anon_ssl=NO"), async (h) => {
      const d = await secured(h);
      expect(await d.say("USER ftp")).toBe("530 Anonymous sessions may not use encryption.");
      expect(await d.say("PASS x")).toBe("503 Login with USER first.");
      expect(await d.say("USER anonymous")).toBe("530 Anonymous sessions may not use encryption.");
      d.close();
      const c = await Control.open(h.port);
      await c.read();
      expect(await c.say("USER ftp")).toBe("331 Please specify the password.");
      expect(await c.say("PASS x")).toBe("230 Login successful.");
      c.close();
    });
  });

  it("allow_anon_ssl=NO gives way to force_anon_logins_ssl=YES, as in prelogin.c", async () => {
    await withServer(ANON_TLS.replace("allow_anon_ssl=YES", "allow_anon_ssl=NO") + "force_anon_logins_ssl=YES\n", async (h) => {
      const d = await secured(h);
      expect(await d.say("USER ftp")).toBe("331 Please specify the password.");
      d.close();
    });
  });
});

describe("data connections", () => {
  it("PROT P: a listing and a download over TLS, resuming the control session", async () => {
    await withServer(ANON_TLS, async (h) => {
      const c = await secured(h);
      await c.cmd("USER ftp");
      await c.cmd("PASS x");
      expect(await c.say("PROT P")).toBe("200 PROT now Private.");
      const list = await c.tlsData("NLST", cert.cert, true);
      expect(list.handshake).toBe("ok");
      expect(list.body).toBe("hello.txt\r\n");
      expect(list.last?.text).toBe("226 Directory send OK.");
      const get = await c.tlsData("RETR hello.txt", cert.cert, true);
      expect(get.body).toBe("hello over TLS\n");
      expect(get.last?.text).toBe("226 Transfer complete.");
      c.close();
    });
  });

  it("PROT P in active mode: the server dials, then is the TLS server on the data connection", async () => {
    await withServer(ANON_TLS, async (h) => {
      const c = await secured(h);
      await c.cmd("USER ftp");
      await c.cmd("PASS x");
      await c.cmd("PROT P");
      const listener = createServer();
      await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
      const accepted = once(listener, "connection") as Promise<[Socket]>;
      expect(await c.say(`EPRT |1|127.0.0.1|${(listener.address() as AddressInfo).port}|`)).toBe("200 EPRT command successful. Consider using EPSV.");
      c.write("RETR hello.txt\r\n");
      const [raw] = await accepted;
      listener.close();
      expect((await c.read())?.code).toBe(150);
      const d = tlsConnect({ socket: raw, ca: cert.cert, servername: "localhost", session: c.session! });
      const chunks: Buffer[] = [];
      d.on("data", (b: Buffer) => chunks.push(b));
      await once(d, "close");
      expect(Buffer.concat(chunks).toString()).toBe("hello over TLS\n");
      expect((await c.read())?.text).toBe("226 Transfer complete.");
      c.close();
    });
  });

  it("PROT C over a TLS control connection: clear data, when no force_*_data_ssl says otherwise", async () => {
    await withServer(ANON_TLS, async (h) => {
      const c = await secured(h);
      await c.cmd("USER ftp");
      await c.cmd("PASS x");
      expect(await c.say("PROT C")).toBe("200 PROT now Clear.");
      const r = await c.cmd("EPSV");
      const port = Number(/\|\|\|(\d+)\|/.exec(r!.text)![1]);
      const d = connect({ port, host: "127.0.0.1" });
      const chunks: Buffer[] = [];
      d.on("data", (b: Buffer) => chunks.push(b));
      await once(d, "connect");
      expect((await c.cmd("RETR hello.txt"))?.code).toBe(150);
      await once(d, "close");
      expect(Buffer.concat(chunks).toString()).toBe("hello over TLS\n");
      expect((await c.read())?.code).toBe(226);
      c.close();
    });
  });

  it("force_local_data_ssl (default YES): 522 without PROT P, the passive listener kept for the retry", async () => {
    await withServer(LOCAL_TLS, async (h) => {
      const c = await secured(h);
      await c.cmd("USER alice");
      await c.cmd("PASS s3cret");
      expect(await c.say("LIST")).toBe("425 Use PORT or PASV first.");
      await c.cmd("EPSV");
      expect(await c.say("LIST")).toBe("522 Data connections must be encrypted.");
      expect(await c.say("RETR hello.txt")).toBe("522 Data connections must be encrypted.");
      expect(await c.say("STOR up.txt")).toBe("522 Data connections must be encrypted.");
      expect(await c.say("PROT P")).toBe("200 PROT now Private.");
      const get = await c.tlsData("RETR hello.txt", cert.cert, true);
      expect(get.body).toBe("hello over TLS\n");
      c.close();
    });
  });

  it("force_anon_data_ssl: 522 for anonymous without PROT P; anonymous is free of it by default", async () => {
    await withServer(ANON_TLS + "force_anon_data_ssl=YES\n", async (h) => {
      const c = await secured(h);
      await c.cmd("USER ftp");
      await c.cmd("PASS x");
      await c.cmd("PROT C");
      await c.cmd("EPSV");
      expect(await c.say("NLST")).toBe("522 Data connections must be encrypted.");
      c.close();
    });
    await withServer(ANON_TLS, async (h) => {
      const c = await Control.open(h.port);
      await c.read();
      await c.cmd("USER ftp");
      await c.cmd("PASS x");
      const r = await c.cmd("EPSV");
      const d = connect({ port: Number(/\|\|\|(\d+)\|/.exec(r!.text)![1]), host: "127.0.0.1" });
      d.resume();
      await once(d, "connect");
      expect((await c.cmd("NLST"))?.code).toBe(150);
      expect((await c.read())?.code).toBe(226);
      c.close();
    });
  });

  it("require_ssl_reuse (default YES): a data connection with a fresh TLS session gets 150, then 522, and the session ends", async () => {
    await withServer(ANON_TLS, async (h) => {
      const c = await secured(h);
      await c.cmd("USER ftp");
      await c.cmd("PASS x");
      await c.cmd("PROT P");
      const r = await c.tlsData("NLST", cert.cert, false);
      expect(r.first?.text).toBe("150 Here comes the directory listing.");
      expect(r.body).toBe("");
      expect(r.last?.text).toBe("522 SSL connection failed: session reuse required");
      expect(await c.read()).toBeUndefined();
      expect(h.events).toContainEqual(expect.objectContaining({ type: "refused", command: "data connection", code: 522 }));
    });
  });

  it("require_ssl_reuse: a session resumed from another control connection is not this one's", async () => {
    await withServer(ANON_TLS, async (h) => {
      const other = await secured(h);
      await other.cmd("USER ftp");
      const c = await secured(h);
      await c.cmd("USER ftp");
      await c.cmd("PASS x");
      await c.cmd("PROT P");
      c.session = other.session;
      expect(other.session).toBeDefined();
      const r = await c.tlsData("NLST", cert.cert, true);
      expect(r.last?.text).toBe("522 SSL connection failed: session reuse required");
      other.close();
    });
  });

  it("require_ssl_reuse=NO takes a fresh TLS session on the data connection", async () => {
    await withServer(ANON_TLS + "require_ssl_reuse=NO\n", async (h) => {
      const c = await secured(h);
      await c.cmd("USER ftp");
      await c.cmd("PASS x");
      await c.cmd("PROT P");
      const r = await c.tlsData("RETR hello.txt", cert.cert, false);
      expect(r.body).toBe("hello over TLS\n");
      expect(r.last?.text).toBe("226 Transfer complete.");
      c.close();
    });
  });

  it("a data connection that is not TLS after PROT P: 150, then vsftpd's 500 OOPS with OpenSSL's reason", async () => {
    await withServer(ANON_TLS, async (h) => {
      const c = await secured(h);
      await c.cmd("USER ftp");
      await c.cmd("PASS x");
      await c.cmd("PROT P");
      const r = await c.cmd("EPSV");
      const port = Number(/\|\|\|(\d+)\|/.exec(r!.text)![1]);
      const d = connect({ port, host: "127.0.0.1" });
      d.on("error", () => {});
      await once(d, "connect");
      expect((await c.cmd("NLST"))?.code).toBe(150);
      d.write("GARBAGE\r\n\r\n");
      expect((await c.read())?.text).toBe("500 OOPS: error:0A00010B:SSL routines::wrong version number");
      expect(await c.read()).toBeUndefined();
      d.destroy();
    });
  });
});

describe("implicit_ssl", () => {
  it("greets over TLS, and the session is encrypted from the first byte", async () => {
    await withServer(ANON_TLS + "implicit_ssl=YES\n", async (h) => {
      const c = await Control.openTls(h.port, cert.cert);
      expect((await c.read())?.text).toBe("220 (vsFTPd 3.0.3)");
      expect(await c.say("AUTH TLS")).toBe("530 Please login with USER and PASS.");
      expect(await c.say("USER ftp")).toBe("331 Please specify the password.");
      expect(await c.say("PASS x")).toBe("230 Login successful.");
      // As in vsftpd, implicit TLS protects the control connection only until PROT P.
      expect((await c.cmd("STAT"))!.text).toContain("Control connection is encrypted\n     Data connections will be plain text\n");
      c.close();
    });
  });
});

describe("lifecycle", () => {
  it("close() ends TLS control and data connections and leaves no socket open", async () => {
    const NET = new Set(["TCPServerWrap", "TCPSocketWrap"]);
    const open = () => process.getActiveResourcesInfo().filter((r) => NET.has(r)).length;
    // Sockets of the tests before this one finish closing first.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = open();
    const h = await serveTls(ANON_TLS, cert, { prepare: (root) => writeFileSync(join(root, "big.bin"), Buffer.alloc(8 * 1024 * 1024), { mode: 0o644 }) });
    const c = await secured(h);
    await c.cmd("USER ftp");
    await c.cmd("PASS x");
    await c.cmd("PROT P");
    const pending = await secured(h);
    // A TLS download its client stops reading.
    const r = await c.cmd("EPSV");
    const port = Number(/\|\|\|(\d+)\|/.exec(r!.text)![1]);
    const raw = connect({ port, host: "127.0.0.1" });
    raw.on("error", () => {});
    await once(raw, "connect");
    expect((await c.cmd("RETR big.bin"))?.code).toBe(150);
    const d = tlsConnect({ socket: raw, ca: cert.cert, servername: "localhost", session: c.session! });
    d.on("error", () => {});
    await once(d, "secureConnect");
    d.pause();
    expect(open()).toBeGreaterThan(before);
    await h.stop();
    for (const x of [c, pending]) x.close();
    d.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(open()).toBe(before);
    expect(h.server.sessions()).toBe(0);
  });
});
