/**
 * A small, bounded FTP client that walks one session far enough to see
 * every refusal vsftpd makes after startup: the greeting, USER/PASS, PWD,
 * PASV and a LIST over a data connection. Any "500 OOPS:" it receives is a
 * refusal; a plain 530 or 5xx is an ordinary answer.
 */
import { connect, type Socket } from "node:net";

export interface Reply {
  readonly code: number;
  /** Every line of the reply, CR stripped. */
  readonly lines: readonly string[];
}

const OOPS = /^500 OOPS:/;
const REPLY_TIMEOUT_MS = 4000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Control {
  readonly transcript: string[] = [];
  private buf = "";
  private readonly queue: string[] = [];
  private closed = false;
  private wake: (() => void) | undefined;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      this.buf += chunk;
      let nl: number;
      while ((nl = this.buf.indexOf("\n")) >= 0) {
        const line = this.buf.slice(0, nl).replace(/\r$/, "");
        this.buf = this.buf.slice(nl + 1);
        this.queue.push(line);
        this.transcript.push(`< ${line}`);
      }
      this.poke();
    });
    const end = () => {
      if (this.buf) {
        this.queue.push(this.buf.replace(/\r$/, ""));
        this.transcript.push(`< ${this.buf}`);
        this.buf = "";
      }
      this.closed = true;
      this.poke();
    };
    socket.on("end", end);
    socket.on("close", end);
    socket.on("error", end);
  }

  static open(host: string, port: number, timeoutMs = 2000): Promise<Control> {
    return new Promise((resolve, reject) => {
      const s = connect({ host, port });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new Error(`connect ${host}:${port} timed out`));
      }, timeoutMs);
      s.once("connect", () => {
        clearTimeout(timer);
        resolve(new Control(s));
      });
      s.once("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  private poke(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private async nextLine(deadline: number): Promise<string | undefined> {
    while (this.queue.length === 0) {
      if (this.closed) return undefined;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error("timed out waiting for a reply");
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, left);
      });
    }
    return this.queue.shift();
  }

  /** One reply (multi-line aware), or undefined when the server closed the connection first. */
  async reply(timeoutMs = REPLY_TIMEOUT_MS): Promise<Reply | undefined> {
    const deadline = Date.now() + timeoutMs;
    const first = await this.nextLine(deadline);
    if (first === undefined) return undefined;
    const m = /^(\d{3})([ -])/.exec(first);
    if (!m) return { code: 0, lines: [first] };
    const lines = [first];
    if (m[2] === "-") {
      for (;;) {
        const l = await this.nextLine(deadline);
        if (l === undefined) break;
        lines.push(l);
        if (l.startsWith(`${m[1]} `)) break;
      }
    }
    return { code: Number(m[1]), lines };
  }

  send(line: string): void {
    this.transcript.push(`> ${line.startsWith("PASS ") ? "PASS ****" : line}`);
    if (!this.closed) this.socket.write(`${line}\r\n`);
  }

  /** Everything still to come before the server closes, within a short bound. */
  async drain(ms = 400): Promise<string[]> {
    const deadline = Date.now() + ms;
    const out: string[] = [];
    try {
      for (;;) {
        const l = await this.nextLine(deadline);
        if (l === undefined) break;
        out.push(l);
      }
    } catch {
      // Still open after the bound: nothing more is coming.
    }
    return out;
  }

  close(): void {
    this.socket.destroy();
  }
}

export type Step = "greeting" | "USER" | "PASS" | "PWD" | "PASV" | "LIST";

export interface SessionResult {
  readonly user: string;
  /** The step whose reply carried a 500 OOPS, if any. */
  readonly refusedAt?: Step;
  readonly oops: readonly string[];
  readonly loggedIn: boolean;
  readonly listed: boolean;
  /** The first non-success reply, e.g. "530 This FTP server is anonymous only." */
  readonly note?: string;
  /** Set when the probe itself could not finish (timeout, connection error). */
  readonly error?: string;
  readonly transcript: readonly string[];
}

function oopsLines(lines: readonly string[]): string[] {
  return lines.filter((l) => OOPS.test(l));
}

/** The data port from a 227 (PASV) or 229 (EPSV) reply. */
export function dataPort(r: Reply): number | undefined {
  const text = r.lines.join(" ");
  if (r.code === 227) {
    const m = /(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)/.exec(text);
    return m ? Number(m[5]) * 256 + Number(m[6]) : undefined;
  }
  if (r.code === 229) {
    const m = /\(\|\|\|(\d+)\|\)/.exec(text);
    return m ? Number(m[1]) : undefined;
  }
  return undefined;
}

function readAll(host: string, port: number, timeoutMs: number): { ready: Promise<void>; done: Promise<string> } {
  const s = connect({ host, port });
  let data = "";
  s.setEncoding("latin1");
  s.on("data", (c: string) => (data += c));
  const ready = new Promise<void>((resolve, reject) => {
    s.once("connect", () => resolve());
    s.once("error", reject);
  });
  const done = new Promise<string>((resolve) => {
    const timer = setTimeout(() => s.destroy(), timeoutMs);
    s.once("close", () => {
      clearTimeout(timer);
      resolve(data);
    });
  });
  // An error before connect is reported through `ready`; later ones end `done`.
  s.on("error", () => undefined);
  return { ready, done };
}

/**
 * Logs in as `user` and exercises PWD, PASV and LIST. The data connection
 * always goes to `host` (the control connection's address), never to the
 * address a PASV reply names, so a fixture cannot send traffic off loopback.
 */
export async function probeSession(host: string, port: number, user: string, password: string): Promise<SessionResult> {
  let c: Control;
  try {
    c = await Control.open(host, port);
  } catch (e) {
    return { user, oops: [], loggedIn: false, listed: false, error: String(e), transcript: [] };
  }
  const oops: string[] = [];
  let loggedIn = false;
  let listed = false;
  let note: string | undefined;
  const result = (extra: Partial<SessionResult> = {}): SessionResult => ({
    user,
    oops,
    loggedIn,
    listed,
    ...(note !== undefined ? { note } : {}),
    ...extra,
    transcript: c.transcript,
  });

  /** Reads one reply; on a refusal collects the OOPS text (and what follows it) and reports the step. */
  const step = async (name: Step, cmd?: string): Promise<Reply | { refused: Step } | undefined> => {
    if (cmd !== undefined) c.send(cmd);
    const r = await c.reply();
    if (r === undefined) return undefined;
    const found = oopsLines(r.lines);
    if (found.length > 0) {
      oops.push(...found, ...oopsLines(await c.drain()));
      return { refused: name };
    }
    return r;
  };
  const refusedAt = (r: Reply | { refused: Step } | undefined): Step | undefined =>
    r !== undefined && "refused" in r ? r.refused : undefined;
  const closedEarly = (what: string) => result({ error: `connection closed after ${what}` });

  try {
    const greet = await step("greeting");
    if (refusedAt(greet)) return result({ refusedAt: "greeting" });
    if (greet === undefined || "refused" in greet) return closedEarly("connect");
    if (greet.code !== 220) {
      note = greet.lines.join(" | ");
      return result();
    }

    const u = await step("USER", `USER ${user}`);
    if (refusedAt(u)) return result({ refusedAt: "USER" });
    if (u === undefined || "refused" in u) return closedEarly("USER");
    if (u.code === 331) {
      const p = await step("PASS", `PASS ${password}`);
      if (refusedAt(p)) return result({ refusedAt: "PASS" });
      if (p === undefined || "refused" in p) return closedEarly("PASS");
      if (p.code !== 230) {
        note = p.lines.join(" | ");
        return result();
      }
    } else if (u.code !== 230) {
      note = u.lines.join(" | ");
      return result();
    }
    loggedIn = true;

    const pwd = await step("PWD", "PWD");
    if (refusedAt(pwd)) return result({ refusedAt: "PWD" });
    if (pwd === undefined || "refused" in pwd) return closedEarly("PWD");

    let pasv = await step("PASV", "PASV");
    if (refusedAt(pasv)) return result({ refusedAt: "PASV" });
    if (pasv === undefined || "refused" in pasv) return closedEarly("PASV");
    if (dataPort(pasv) === undefined) {
      // PASV is IPv4-only; an IPv6 control connection needs EPSV.
      note = pasv.lines.join(" | ");
      pasv = await step("PASV", "EPSV");
      if (refusedAt(pasv)) return result({ refusedAt: "PASV" });
      if (pasv === undefined || "refused" in pasv) return closedEarly("EPSV");
    }
    const dport = dataPort(pasv);
    if (dport === undefined) {
      note = pasv.lines.join(" | ");
      return result();
    }
    const data = readAll(host, dport, REPLY_TIMEOUT_MS);
    try {
      await data.ready;
    } catch (e) {
      return result({ error: `data connection to ${host}:${dport} failed: ${String(e)}` });
    }
    const list = await step("LIST", "LIST");
    if (refusedAt(list)) return result({ refusedAt: "LIST" });
    if (list === undefined || "refused" in list) return closedEarly("LIST");
    if (list.code === 150 || list.code === 125) {
      const body = await data.done;
      c.transcript.push(...body.split("\n").filter(Boolean).map((l) => `<data ${l.replace(/\r$/, "")}`));
      const end = await step("LIST");
      if (refusedAt(end)) return result({ refusedAt: "LIST" });
      if (end === undefined || "refused" in end) return closedEarly("LIST data");
      listed = end.code === 226;
      if (!listed) note = end.lines.join(" | ");
    } else {
      note = list.lines.join(" | ");
    }
    c.send("QUIT");
    await c.reply(1000).catch(() => undefined);
    return result();
  } catch (e) {
    return result({ error: String(e instanceof Error ? e.message : e) });
  } finally {
    c.close();
    await sleep(0);
  }
}
