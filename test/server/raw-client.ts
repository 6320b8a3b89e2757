/**
 * A minimal FTP control client for tests that need exact reply codes and
 * texts: send a line, read one complete reply (multi-line aware), open a
 * passive data connection and read it to its end.
 */
import { connect, type Socket } from "node:net";
import { once } from "node:events";

export interface Reply {
  readonly code: number;
  /** The whole reply, lines joined with \n, CRLF removed. */
  readonly text: string;
}

export class RawClient {
  private buf = "";
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.setEncoding("utf8");
    socket.on("data", (d: string) => {
      this.buf += d;
      this.wake();
    });
    socket.on("close", () => {
      this.closed = true;
      this.wake();
    });
    socket.on("error", () => {});
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** `localAddress`: the address to connect from (127.0.0.2 is another loopback client). */
  static async open(port: number, host = "127.0.0.1", localAddress?: string): Promise<RawClient> {
    const s = connect({ port, host, ...(localAddress ? { localAddress } : {}) });
    await once(s, "connect");
    return new RawClient(s);
  }

  /** The next complete reply; undefined when the server closed first. */
  async read(timeoutMs = 5000): Promise<Reply | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = /^(\d{3}) [^\n]*\r\n/m.exec(this.buf);
      if (m) {
        // A multi-line reply ends at "CODE " with the code it began with.
        const first = this.buf.slice(0, 3);
        const end = new RegExp(`(^|\\r\\n)${first} [^\\n]*\\r\\n`).exec(this.buf);
        if (end) {
          const upto = end.index + end[0].length;
          const text = this.buf.slice(0, upto).replace(/\r\n$/, "").replace(/\r\n/g, "\n");
          this.buf = this.buf.slice(upto);
          return { code: Number(first), text };
        }
      }
      if (this.closed) return undefined;
      if (Date.now() > deadline) throw new Error(`no reply; buffer: ${JSON.stringify(this.buf)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async cmd(line: string): Promise<Reply | undefined> {
    this.socket.write(`${line}\r\n`);
    return this.read();
  }

  async login(user: string, pass: string): Promise<void> {
    await this.read();
    await this.cmd(`USER ${user}`);
    const r = await this.cmd(`PASS ${pass}`);
    if (r?.code !== 230) throw new Error(`login failed: ${r?.text}`);
  }

  /** EPSV, then the data connection's port. */
  async epsv(): Promise<number> {
    const r = await this.cmd("EPSV");
    const m = /\(\|\|\|(\d+)\|\)/.exec(r?.text ?? "");
    if (!m) throw new Error(`bad EPSV reply: ${r?.text}`);
    return Number(m[1]);
  }

  /** Runs a data command over EPSV: its replies and what came over the data connection. */
  async data(line: string): Promise<{ first?: Reply; last?: Reply; body: string }> {
    const port = await this.epsv();
    const d = connect({ port, host: "127.0.0.1" });
    d.on("error", () => {});
    const chunks: Buffer[] = [];
    d.on("data", (c: Buffer) => chunks.push(c));
    const ended = once(d, "close");
    const first = await this.cmd(line);
    if (first?.code !== 150) {
      d.destroy();
      return { ...(first ? { first } : {}), body: "" };
    }
    await ended;
    const last = await this.read();
    return { first, ...(last ? { last } : {}), body: Buffer.concat(chunks).toString("utf8") };
  }

  close(): void {
    this.socket.destroy();
  }
}
