// A bare FTP client for the server benchmarks: the control connection as
// reply-at-a-time promises, explicit TLS (AUTH TLS, then PROT P data
// connections that resume the control connection's TLS session, which
// vsftpd's require_ssl_reuse demands), and EPSV transfers of whole buffers.
// The same client drives all three servers, so its own cost is the same for
// each. Loopback only; every socket has a deadline.
import { connect as netConnect } from "node:net";
import { connect as tlsConnect } from "node:tls";

/** One control connection. Replies are read in order; a multi-line reply is one reply. */
export class FtpControl {
  #sock;
  #buf = "";
  #pending = [];
  #waiters = [];
  #closed = false;
  #error;
  /** The TLS session data connections resume: the server's latest ticket. */
  session;

  constructor(sock) {
    this.#attach(sock);
  }

  /** Connects and waits for the greeting, which must be 220. */
  static async open(port, { host = "127.0.0.1", timeoutMs = 10_000 } = {}) {
    const sock = netConnect({ host, port, noDelay: true });
    const c = new FtpControl(sock);
    sock.setTimeout(timeoutMs, () => sock.destroy(new Error(`no reply from ${host}:${port} within ${timeoutMs} ms`)));
    const hello = await c.reply();
    if (hello.code !== 220) throw new Error(`greeting: ${hello.line}`);
    return c;
  }

  #attach(sock) {
    this.#sock = sock;
    sock.setEncoding("latin1");
    sock.on("data", (d) => this.#take(d));
    sock.on("error", (e) => (this.#error ??= e));
    sock.on("close", () => {
      this.#closed = true;
      for (const w of this.#waiters.splice(0)) w.reject(this.#error ?? new Error("control connection closed"));
    });
  }

  #take(text) {
    this.#buf += text;
    // A reply ends at a line "NNN text" (a space after the code); "NNN-" lines continue it.
    for (;;) {
      const m = /^(\d{3}) [^\n]*\n/m.exec(this.#buf);
      if (!m) return;
      const end = m.index + m[0].length;
      const raw = this.#buf.slice(0, end);
      this.#buf = this.#buf.slice(end);
      const r = { code: Number(m[1]), line: m[0].trimEnd(), text: raw };
      const w = this.#waiters.shift();
      if (w) w.resolve(r);
      else this.#pending.push(r);
    }
  }

  /** The next reply. */
  reply() {
    const r = this.#pending.shift();
    if (r) return Promise.resolve(r);
    if (this.#closed) return Promise.reject(this.#error ?? new Error("control connection closed"));
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /** Sends one command line and returns its reply; throws unless the code is in `ok`. */
  async cmd(line, ok) {
    this.#sock.write(`${line}\r\n`);
    const r = await this.reply();
    if (ok && !ok.includes(r.code)) throw new Error(`${line.split(" ")[0]}: ${r.line}`);
    return r;
  }

  /** AUTH TLS, then TLS on the same socket; the server's certificate is not checked (a throwaway one). */
  async startTls() {
    await this.cmd("AUTH TLS", [234]);
    const raw = this.#sock;
    raw.removeAllListeners("data");
    raw.setTimeout(0);
    const tls = tlsConnect({ socket: raw, rejectUnauthorized: false });
    tls.on("session", (s) => (this.session = s));
    await new Promise((resolve, reject) => {
      tls.once("secureConnect", resolve);
      tls.once("error", reject);
    });
    this.#attach(tls);
  }

  async login(user = "anonymous", pass = "bench@example.org") {
    const u = await this.cmd(`USER ${user}`, [230, 331]);
    if (u.code === 331) await this.cmd(`PASS ${pass}`, [230]);
  }

  /**
   * Sends QUIT and waits until the server has closed the connection. Over
   * TLS, vsftpd may reset the connection as it exits, before its 221 is read:
   * the session is over either way.
   */
  async quit() {
    const closed = new Promise((resolve) => (this.#closed ? resolve() : this.#sock.once("close", resolve)));
    try {
      await this.cmd("QUIT", [221]);
    } catch (err) {
      if (!this.#closed || !this.secure) throw err;
    }
    this.#sock.end();
    await closed;
  }

  destroy() {
    this.#sock.destroy();
  }

  get secure() {
    return typeof this.#sock.getPeerCertificate === "function";
  }

  /** EPSV, then a plain data connection to the port it names. */
  async #data() {
    const r = await this.cmd("EPSV", [229]);
    const m = /\(\|\|\|(\d+)\|\)/.exec(r.line);
    if (!m) throw new Error(`EPSV: ${r.line}`);
    const raw = netConnect({ host: this.#sock.remoteAddress ?? "127.0.0.1", port: Number(m[1]), noDelay: true });
    await new Promise((resolve, reject) => {
      raw.once("connect", resolve);
      raw.once("error", reject);
    });
    return raw;
  }

  /**
   * After the 150, TLS on the data connection when the control connection
   * has it, resuming its session. The handshake starts only then, as Python's
   * ftplib does: pyftpdlib 1.5.7 resets a data connection whose handshake
   * begins before the transfer command.
   */
  async #secure(raw) {
    if (!this.secure) return raw;
    const tls = tlsConnect({ socket: raw, rejectUnauthorized: false, ...(this.session ? { session: this.session } : {}) });
    await new Promise((resolve, reject) => {
      tls.once("secureConnect", resolve);
      tls.once("error", reject);
    });
    return tls;
  }

  /** STOR `name` with `bytes`; resolves after the 226. */
  async put(name, bytes) {
    const raw = await this.#data();
    await this.cmd(`STOR ${name}`, [150, 125]);
    const data = await this.#secure(raw);
    // The server's 226 says whether the upload arrived; how it ends the data
    // connection (pyftpdlib resets a TLS one without a close_notify) does not.
    const ended = new Promise((resolve) => {
      data.once("close", resolve);
      data.on("error", () => {});
    });
    data.end(bytes);
    await ended;
    await this.#expect(226, "STOR");
  }

  /** RETR `name`; resolves with its bytes after the 226. */
  async get(name) {
    const raw = await this.#data();
    await this.cmd(`RETR ${name}`, [150, 125]);
    const data = await this.#secure(raw);
    const chunks = [];
    const ended = new Promise((resolve) => {
      data.on("data", (c) => chunks.push(c));
      data.once("end", resolve);
      data.once("close", resolve);
      data.on("error", () => {});
    });
    await ended;
    data.destroy();
    await this.#expect(226, "RETR");
    return Buffer.concat(chunks);
  }

  async #expect(code, what) {
    const r = await this.reply();
    if (r.code !== code) throw new Error(`${what}: ${r.line}`);
  }
}
