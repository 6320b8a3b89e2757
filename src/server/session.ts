/**
 * One control connection: reads command lines, runs them one at a time
 * through the gate and the command table, and owns everything the session
 * opened (its passive listener, its data connection), so that ending the
 * session ends them too.
 */
import type { Socket } from "node:net";
import type { Resolved } from "../core/path-jail.js";
import type { ActiveTarget } from "./active.js";
import { COMMANDS } from "./commands.js";
import type { EventSink, ServerEvent } from "./events.js";
import { gate } from "./gate.js";
import { LineReader, parseCommand } from "./line-reader.js";
import type { ServerOptions } from "./options.js";
import { PassiveListener } from "./passive.js";
import { place, type Jail } from "./paths.js";
import { formatReply, reply, TEXT, type Reply, type ReplyCode } from "./replies.js";
import { acceptTls, sslError, type SessionTls, type TlsContexts } from "./tls.js";

/** Lines queued before the session stops reading the socket (a client that pipelines without end). */
const QUEUE_HIGH = 32;

export class Session {
  loggedIn = false;
  anonymous = false;
  /** The name from USER, until PASS settles it; the logged-in name after. */
  user = "";
  loginFails = 0;
  jail: Jail = { root: "/" };
  cwd = "/";
  binary = false;
  /** The umask new files and directories get: anon_umask or local_umask at login, SITE UMASK after. */
  umask = 0o77;
  restart = 0;
  renameFrom: Resolved | undefined;
  passive: PassiveListener | undefined;
  /** EPSV ALL was sent: PASV and PORT are refused from now on. */
  epsvAll = false;
  /** Where PORT/EPRT said to connect for the next transfer. */
  active: ActiveTarget | undefined;
  /** The data connection of the transfer under way, ended with the session. */
  data: Socket | undefined;
  /** Clients connected when this one was accepted, itself included (vsftpd's STAT reports it). */
  clientsAtStart = 0;
  /** AUTH TLS is done: the control connection is encrypted (vsftpd's control_use_ssl). */
  controlTls = false;
  /** PROT P: data connections are encrypted (vsftpd's data_use_ssl). */
  dataTls = false;
  /** This session's TLS context and session cache, made at AUTH TLS; data connections use them too. */
  tlsContext: SessionTls | undefined;
  /** What commands and replies travel over: the socket, or TLS over it after AUTH TLS. */
  private io: Socket;
  /**
   * The bytes after an AUTH line, held unread until AUTH has run: with TLS
   * they are the handshake's (vsftpd reads one line at a time, so nothing
   * pipelined after AUTH TLS is ever a command); without, they are commands.
   */
  private held: Buffer | undefined;
  private readonly onData = (chunk: Buffer) => this.feed(chunk);
  private readonly reader = new LineReader();
  private readonly queue: string[] = [];
  private running = false;
  private ended = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly aborts = new Set<AbortController>();
  readonly closed: Promise<void>;

  constructor(
    readonly id: number,
    readonly socket: Socket,
    readonly opts: ServerOptions,
    private readonly sink: EventSink,
    private readonly tls?: TlsContexts,
  ) {
    this.io = socket;
    socket.setNoDelay(true);
    this.closed = new Promise((resolve) => socket.once("close", () => resolve()));
    socket.on("error", () => {});
    socket.on("close", () => this.teardown());
    socket.on("data", this.onData);
    this.watchIdle(socket);
  }

  private watchIdle(stream: Socket): void {
    if (this.opts.idleSessionTimeoutMs > 0) {
      stream.setTimeout(this.opts.idleSessionTimeoutMs, () => {
        if (!this.data) this.end(reply(421, "Timeout."));
      });
    }
  }

  start(): void {
    this.emit({ type: "connect", session: this.id, address: (this.socket.remoteAddress ?? "").replace(/^::ffff:/, "") });
    const greet = () => this.send(reply(220, this.opts.banner ?? "(vsFTPd 3.0.3)"));
    // implicit_ssl: the handshake first, then the greeting over TLS.
    if (this.opts.tls?.implicit) void this.startTls().then((ok) => ok && greet());
    else greet();
  }

  /**
   * Continues the control connection in TLS (AUTH TLS, implicit_ssl); false
   * when the handshake failed, after vsftpd's "500 OOPS: <OpenSSL error>"
   * in clear and the end of the session.
   */
  async startTls(): Promise<boolean> {
    const raw = this.socket;
    raw.off("data", this.onData);
    raw.setTimeout(0);
    raw.pause();
    if (this.held?.length) raw.unshift(this.held);
    this.held = undefined;
    this.tlsContext ??= this.tls!.forSession();
    const oops = (err: Error) => {
      if (this.ended || raw.destroyed) return;
      this.ended = true;
      const text = `OOPS: ${sslError(err)}`;
      this.emit({ type: "refused", session: this.id, command: "TLS handshake", code: 500, text });
      raw.end(`500 ${text}\r\n`);
      this.later(2000, () => raw.destroy());
    };
    const { tls, secure } = acceptTls(raw, this.tlsContext, { requestCert: this.opts.tls?.requestCert ?? false, timeoutMs: this.opts.idleSessionTimeoutMs || 300_000, onFail: oops });
    this.io = tls;
    try {
      await secure;
    } catch {
      return false;
    }
    this.controlTls = true;
    tls.setNoDelay(true);
    tls.on("data", this.onData);
    this.watchIdle(tls);
    return true;
  }

  /** The peer's address, without the IPv4-mapped prefix. */
  get peer(): string {
    return (this.socket.remoteAddress ?? "").replace(/^::ffff:/, "");
  }

  /** Tells the caller a transfer ended. */
  transferred(direction: "download" | "upload", path: string, bytes: number, ok: boolean, startedMs: number, ascii: boolean): void {
    this.emit({ type: "transfer", session: this.id, direction, path, bytes, ok, address: this.peer, user: this.user, anonymous: this.anonymous, seconds: (Date.now() - startedMs) / 1000, ascii });
  }

  emit(e: ServerEvent): void {
    this.sink(e);
  }

  send(r: Reply): void {
    if (this.ended || this.io.destroyed) return;
    this.io.write(formatReply(r));
  }

  reply(code: ReplyCode, text: string): void {
    this.send(reply(code, text));
  }

  /** Says a last reply, then closes the control connection (and with it the session). */
  end(last?: Reply): void {
    if (this.ended) return;
    if (last) this.send(last);
    this.ended = true;
    this.io.end();
    // A peer that never reads must not keep the socket: give the goodbye a moment, then cut.
    this.later(2000, () => this.socket.destroy());
  }

  /** Ends at once: the server is closing. */
  destroy(): void {
    this.ended = true;
    this.io.destroy();
    this.socket.destroy();
    this.teardown();
  }

  /** A timer that dies with the session. */
  later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.later(ms, resolve));
  }

  /** An abort signal for a stream pipeline, fired when the session ends. */
  abortSignal(): { signal: AbortSignal; done: () => void } {
    const c = new AbortController();
    if (this.ended) c.abort();
    this.aborts.add(c);
    return { signal: c.signal, done: () => this.aborts.delete(c) };
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** A client path in this session's jail. */
  resolve(arg: string, followLast = true): Resolved | undefined {
    return place(this.jail, this.cwd, arg, followLast);
  }

  /** The path a client sees: inside a chroot, the jail path; otherwise the host path. */
  shown(r: Resolved): string {
    return r.path;
  }

  closePassive(): void {
    this.passive?.close();
    this.passive = undefined;
  }

  private teardown(): void {
    this.ended = true;
    this.closePassive();
    this.data?.destroy();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const c of this.aborts) c.abort();
    this.aborts.clear();
  }

  /** An AUTH line on a clear connection with ssl_enable: what follows it may be a TLS handshake. */
  private readonly beforeTls = (line: string) => this.opts.tls !== undefined && !this.controlTls && parseCommand(line).word === "AUTH";

  private feed(chunk: Buffer): void {
    if (this.ended) return;
    const { events, rest } = this.reader.pushUntil(chunk, this.beforeTls);
    for (const ev of events) {
      if ("tooLong" in ev) {
        this.queue.length = 0;
        return this.end(reply(500, TEXT.lineTooLong));
      }
      this.queue.push(ev.line);
    }
    if (rest) {
      this.held = rest;
      this.io.pause();
    } else if (this.queue.length >= QUEUE_HIGH) this.io.pause();
    void this.drain();
  }

  /** AUTH ran and TLS did not start: the held bytes are commands after all. */
  private release(): void {
    const held = this.held!;
    this.held = undefined;
    this.io.resume();
    this.feed(held);
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length && !this.ended) {
        // A client that does not read its replies: run nothing more until it has taken what was said.
        if (this.socket.writableNeedDrain) await this.repliesTaken();
        if (this.ended) break;
        await this.run(this.queue.shift()!);
        if (this.held && !this.queue.length && !this.ended) this.release();
        if (this.queue.length < QUEUE_HIGH && this.io.isPaused() && !this.held) this.io.resume();
      }
    } finally {
      this.running = false;
    }
  }

  /** Resolves when the replies written so far have left Node's buffer, or the connection is gone. */
  private repliesTaken(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.socket.off("drain", done);
        this.socket.off("close", done);
        resolve();
      };
      this.socket.on("drain", done);
      this.socket.on("close", done);
    });
  }

  private async run(line: string): Promise<void> {
    const { word, arg } = parseCommand(line);
    // vsftpd ignores an empty line without a reply (NAT devices send them).
    if (word === "" && arg === "") return;
    const verdict = gate(word, arg, { loggedIn: this.loggedIn, anonymous: this.anonymous, secure: this.controlTls }, this.opts);
    if (!verdict.ok) {
      this.emit({ type: "refused", session: this.id, command: word, code: verdict.reply.code, text: verdict.reply.text });
      return this.send(verdict.reply);
    }
    try {
      await COMMANDS[verdict.verb].handler(this, arg);
    } catch (err) {
      // A handler's unexpected failure ends this session only, never the server.
      if (!this.ended) this.end(reply(421, `Internal error: ${(err as Error).message ?? String(err)}`));
    }
  }

  /** Opens a fresh passive listener, closing the previous one (one per session). */
  async openPassive(): Promise<PassiveListener> {
    this.closePassive();
    this.active = undefined;
    const host = this.socket.localAddress ?? this.opts.address;
    const peer = this.opts.pasvPromiscuous ? undefined : this.socket.remoteAddress;
    const l = await PassiveListener.open({
      host,
      min: this.opts.pasvMinPort,
      max: this.opts.pasvMaxPort,
      ...(peer !== undefined ? { peer } : {}),
      onForeign: (address) => this.emit({ type: "refused", session: this.id, command: "data connection", code: 425, text: `from foreign address ${address}` }),
    });
    if (this.ended) l.close();
    else this.passive = l;
    return l;
  }
}
