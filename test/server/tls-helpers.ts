/**
 * For the FTPS tests: a test certificate (openssl, its own CA), the embedded
 * server started on a vsftpd.conf text with it, and a bare control client
 * that can continue in TLS after AUTH TLS and make TLS data connections
 * (resuming the control session, or not).
 */
import { once } from "node:events";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { connect as netConnect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect as tlsConnect, type TLSSocket } from "node:tls";
import { configFromBytes } from "../../src/server/config.js";
import type { ServerEvent } from "../../src/server/events.js";
import { serverOptions, type LocalUser } from "../../src/server/options.js";
import { startServer, type RunningServer } from "../../src/server/server.js";
import { execa } from "execa";
import { CURL, makeCertificate, type Login } from "../live/clients.js";

export interface TestCert {
  readonly dir: string;
  /** Paths: cert.pem is its own CA. */
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: Buffer;
  readonly key: Buffer;
  remove(): void;
}

export async function testCert(): Promise<TestCert> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "ftpctl-tls-")));
  const { cert, key } = await makeCertificate(dir);
  return { dir, certFile: cert, keyFile: key, cert: readFileSync(cert), key: readFileSync(key), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TlsHarness {
  readonly server: RunningServer;
  readonly port: number;
  readonly root: string;
  readonly events: ServerEvent[];
  stop(): Promise<void>;
}

/** The embedded server on `conf` (ssl_enable etc. as the test says), with the test certificate. */
export async function serveTls(conf: string, cert: TestCert, opts: { users?: LocalUser[]; prepare?: (root: string) => void } = {}): Promise<TlsHarness> {
  const base = realpathSync(mkdtempSync(join(tmpdir(), "ftpctl-ftps-")));
  const root = join(base, "root");
  const events: ServerEvent[] = [];
  try {
    mkdirSync(root);
    opts.prepare?.(root);
    const cfg = configFromBytes("test.conf", Buffer.from(conf), "debian");
    const server = await startServer({
      ...serverOptions(cfg.get, { address: "127.0.0.1", port: 0, root, users: opts.users ?? [], cert: cert.cert, key: cert.key }),
      onEvent: (e) => events.push(e),
    });
    return {
      server,
      port: server.port,
      root,
      events,
      async stop() {
        await server.close();
        rmSync(base, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(base, { recursive: true, force: true });
    throw err;
  }
}

export interface Reply {
  readonly code: number;
  readonly text: string;
}

/** A control connection that reads whole replies, over TCP and then over TLS. */
export class Control {
  private buf = "";
  private wakers: (() => void)[] = [];
  closed = false;
  private stream: Socket;
  /** The TLS session of the control connection, for data connections that resume it. */
  session: Buffer | undefined;

  private constructor(readonly raw: Socket) {
    this.stream = raw;
    this.listen(raw);
  }

  static async open(port: number): Promise<Control> {
    const s = netConnect({ port, host: "127.0.0.1" });
    await once(s, "connect");
    return new Control(s);
  }

  /** implicit_ssl: TLS from the first byte. */
  static async openTls(port: number, ca: Buffer): Promise<Control> {
    const c = await Control.open(port);
    await c.upgrade(ca);
    return c;
  }

  private listen(s: Socket): void {
    s.setEncoding("utf8");
    s.on("data", (d: string) => {
      this.buf += d;
      this.wake();
    });
    s.on("close", () => {
      this.closed = true;
      this.wake();
    });
    s.on("error", () => {});
  }

  private wake(): void {
    const w = this.wakers;
    this.wakers = [];
    for (const f of w) f();
  }

  /** The next complete reply; undefined once the server has closed without one. */
  async read(timeoutMs = 5000): Promise<Reply | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const first = this.buf.slice(0, 3);
      const end = /^\d{3}$/.test(first) ? new RegExp(`(^|\\r\\n)${first} [^\\n]*\\r\\n`).exec(this.buf) : null;
      if (end) {
        const upto = end.index + end[0].length;
        const text = this.buf.slice(0, upto).replace(/\r\n$/, "").replace(/\r\n/g, "\n");
        this.buf = this.buf.slice(upto);
        return { code: Number(first), text };
      }
      if (this.closed) return undefined;
      if (Date.now() > deadline) throw new Error(`no reply; buffer: ${JSON.stringify(this.buf)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.wakers.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Whatever arrived and was not a whole reply. */
  get leftover(): string {
    return this.buf;
  }

  write(bytes: string): void {
    this.stream.write(bytes);
  }

  async cmd(line: string): Promise<Reply | undefined> {
    this.write(`${line}\r\n`);
    return this.read();
  }

  /** The reply to `line` ("CODE text", lines joined with \n), or "closed". */
  async say(line: string): Promise<string> {
    const r = await this.cmd(line);
    return r ? r.text : "closed";
  }

  /** Continues in TLS on the same connection (after 234), verifying the server against `ca`. */
  async upgrade(ca: Buffer): Promise<void> {
    this.raw.removeAllListeners("data");
    this.raw.removeAllListeners("close");
    const t = tlsConnect({ socket: this.raw, ca, servername: "localhost" });
    t.on("session", (s: Buffer) => (this.session ??= s));
    this.stream = t;
    this.listen(t);
    await once(t, "secureConnect");
  }

  /**
   * A data command over EPSV with a TLS data connection (`resume`: with the
   * control connection's session, as curl and lftp do; otherwise a fresh
   * one, as Python's ftplib does): the replies and the bytes received.
   */
  async tlsData(line: string, ca: Buffer, resume: boolean): Promise<{ first?: Reply; last?: Reply; body: string; handshake: "ok" | string }> {
    const r = await this.cmd("EPSV");
    const m = /\(\|\|\|(\d+)\|\)/.exec(r?.text ?? "");
    if (!m) throw new Error(`bad EPSV reply: ${r?.text}`);
    const raw = netConnect({ port: Number(m[1]), host: "127.0.0.1" });
    raw.on("error", () => {});
    await once(raw, "connect");
    const first = await this.cmd(line);
    if (first?.code !== 150) {
      raw.destroy();
      return { ...(first ? { first } : {}), body: "", handshake: "none" };
    }
    const t: TLSSocket = tlsConnect({ socket: raw, ca, servername: "localhost", ...(resume && this.session ? { session: this.session } : {}) });
    const chunks: Buffer[] = [];
    t.on("data", (c: Buffer) => chunks.push(c));
    const handshake = await new Promise<string>((resolve) => {
      t.once("secureConnect", () => resolve("ok"));
      t.once("error", (e) => resolve(e.message));
    });
    t.on("error", () => {});
    if (!t.destroyed) await once(t, "close");
    const last = await this.read();
    return { first, ...(last ? { last } : {}), body: Buffer.concat(chunks).toString("utf8"), handshake };
  }

  close(): void {
    this.stream.destroy();
    this.raw.destroy();
  }
}

/**
 * One curl run, two transfers on one connection: an upload, then a download (`next`), each with
 * the login and TLS settings; everything in a config on stdin, so no password is on the command line.
 */
export async function uploadThenDownload(url: string, login: Login, caFile: string, upload: string, output: string, extra: readonly string[] = []): Promise<{ exitCode: number; stderr: string }> {
  const common = [`user = "${login.user}:${login.password}"`, "ssl-reqd", `cacert = "${caFile}"`, ...extra];
  const config = [...common, `upload-file = "${upload}"`, `url = "${url}"`, "next", ...common, `output = "${output}"`, `url = "${url}"`, ""].join("\n");
  const r = await execa(CURL, ["--disable", "-v", "--silent", "--show-error", "--max-time", "15", "-K", "-"], { input: config, reject: false, timeout: 20_000 });
  return { exitCode: r.exitCode ?? -1, stderr: String(r.stderr) };
}
