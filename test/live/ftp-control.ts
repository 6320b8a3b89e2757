/**
 * A bare FTP control connection over node:net, for what curl and lftp hide:
 * the exact reply to USER or CWD, PWD after an escape attempt, and the
 * ports PASV and EPSV announce. Cleartext only; every wait is bounded.
 */
import { connect, type Socket } from "node:net";

export interface Reply {
  readonly code: number;
  /** Every line of the reply, CR stripped. */
  readonly lines: readonly string[];
  readonly text: string;
}

const REPLY_TIMEOUT_MS = 5000;

export class FtpControl {
  private buf = "";
  private readonly lines: string[] = [];
  private closed = false;
  private wake: (() => void) | undefined;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      this.buf += chunk;
      for (let nl = this.buf.indexOf("\n"); nl >= 0; nl = this.buf.indexOf("\n")) {
        this.lines.push(this.buf.slice(0, nl).replace(/\r$/, ""));
        this.buf = this.buf.slice(nl + 1);
      }
      this.poke();
    });
    const end = () => {
      this.closed = true;
      this.poke();
    };
    socket.on("close", end);
    socket.on("error", end);
  }

  /** Connects and reads the 220 greeting. */
  static async open(port: number, host = "127.0.0.1"): Promise<FtpControl> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect({ host, port });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new Error(`connect ${host}:${port} timed out`));
      }, REPLY_TIMEOUT_MS);
      s.once("connect", () => {
        clearTimeout(timer);
        resolve(s);
      });
      s.once("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    const c = new FtpControl(socket);
    const greeting = await c.reply();
    if (greeting.code !== 220) throw new Error(`expected a 220 greeting, got: ${greeting.text}`);
    return c;
  }

  private poke(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private async line(deadline: number): Promise<string> {
    while (this.lines.length === 0) {
      if (this.closed) throw new Error("the server closed the control connection");
      const left = deadline - Date.now();
      if (left <= 0) throw new Error("timed out waiting for a reply");
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, left);
      });
    }
    return this.lines.shift()!;
  }

  async reply(): Promise<Reply> {
    const deadline = Date.now() + REPLY_TIMEOUT_MS;
    const first = await this.line(deadline);
    const lines = [first];
    const m = /^(\d{3})([ -])/.exec(first);
    if (m?.[2] === "-") {
      for (let l = await this.line(deadline); ; l = await this.line(deadline)) {
        lines.push(l);
        if (l.startsWith(`${m[1]} `)) break;
      }
    }
    return { code: m ? Number(m[1]) : 0, lines, text: lines.join("\n") };
  }

  async cmd(line: string): Promise<Reply> {
    this.socket.write(`${line}\r\n`);
    return this.reply();
  }

  /** USER then PASS (PASS only when USER asks for it). */
  async login(user: string, password: string): Promise<Reply> {
    const u = await this.cmd(`USER ${user}`);
    return u.code === 331 ? this.cmd(`PASS ${password}`) : u;
  }

  close(): void {
    if (!this.closed) this.socket.end("QUIT\r\n");
    this.socket.destroy();
  }
}

/** Every data port announced in `text`: 227 (PASV) and 229 (EPSV) replies, as curl -v or FtpControl shows them. */
export function passivePorts(text: string): number[] {
  const ports: number[] = [];
  for (const m of text.matchAll(/227 Entering Passive Mode \((\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\)/g)) ports.push(Number(m[5]) * 256 + Number(m[6]));
  for (const m of text.matchAll(/229 Entering Extended Passive Mode \(\|\|\|(\d+)\|\)/g)) ports.push(Number(m[1]));
  return ports;
}
