/**
 * One passive data listener: opened by PASV/EPSV on the control
 * connection's local address, on a port in the effective range, accepting
 * exactly one connection, and only from the control connection's peer
 * (vsftpd's check, lifted by pasv_promiscuous). It closes itself after that
 * connection, and the session closes it on a repeated PASV and at its end.
 *
 * As in vsftpd (privops.c), the first connection decides: vsftpd accepts one
 * connection for the data command, and when it comes from another address
 * it is closed and the command fails with "425 Security: Bad IP
 * connecting." (the listener goes too); a later connection from the right
 * address does not rescue that transfer.
 */
import { createServer, type Server, type Socket } from "node:net";

export interface PassiveOptions {
  readonly host: string;
  readonly min: number;
  readonly max: number;
  /** The only address a data connection is accepted from; undefined accepts any (pasv_promiscuous). */
  readonly peer?: string;
  /** Told about a connection refused for its address. */
  readonly onForeign?: (address: string) => void;
}

/** ::ffff:127.0.0.1 and 127.0.0.1 are the same peer. */
const plain = (a: string | undefined) => (a ?? "").replace(/^::ffff:/, "");

const TRIES = 32;

/** The data connection came from another address than the control connection's. */
export class ForeignConnection extends Error {
  constructor(readonly address: string) {
    super(`data connection from foreign address ${address}`);
    this.name = "ForeignConnection";
  }
}

export class PassiveListener {
  private socket: Socket | undefined;
  private waiter: { resolve: (s: Socket) => void; reject: (e: Error) => void; timer: NodeJS.Timeout } | undefined;
  private closed = false;
  private foreign: ForeignConnection | undefined;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly opts: PassiveOptions,
  ) {
    server.on("connection", (s) => this.accept(s));
  }

  static async open(opts: PassiveOptions): Promise<PassiveListener> {
    let lastErr: unknown;
    for (let i = 0; i < TRIES; i++) {
      const port = opts.min + Math.floor(Math.random() * (opts.max - opts.min + 1));
      const server = createServer({ noDelay: true });
      try {
        await new Promise<void>((resolve, reject) => {
          server.once("error", reject);
          server.listen({ host: opts.host, port, exclusive: true }, () => {
            server.off("error", reject);
            resolve();
          });
        });
        return new PassiveListener(server, port, opts);
      } catch (err) {
        lastErr = err;
        server.close();
      }
    }
    throw lastErr instanceof Error ? lastErr : new Error("no free passive port");
  }

  private accept(s: Socket): void {
    if (this.closed || this.socket || this.foreign) return void s.destroy();
    if (this.opts.peer !== undefined && plain(s.remoteAddress) !== plain(this.opts.peer)) {
      this.opts.onForeign?.(plain(s.remoteAddress));
      s.destroy();
      this.foreign = new ForeignConnection(plain(s.remoteAddress));
      this.server.close();
      if (this.waiter) {
        clearTimeout(this.waiter.timer);
        this.waiter.reject(this.foreign);
        this.waiter = undefined;
      }
      return;
    }
    s.on("error", () => {});
    this.socket = s;
    this.server.close();
    if (this.waiter) {
      clearTimeout(this.waiter.timer);
      this.waiter.resolve(s);
      this.waiter = undefined;
    }
  }

  /** The data connection, once the client has made it; rejects after timeoutMs or when closed. */
  take(timeoutMs: number): Promise<Socket> {
    if (this.socket) return Promise.resolve(this.socket);
    if (this.foreign) return Promise.reject(this.foreign);
    if (this.closed) return Promise.reject(new Error("passive listener closed"));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new Error("no data connection"));
      }, timeoutMs);
      this.waiter = { resolve, reject, timer };
    });
  }

  /** Closes the listener and any data connection not yet handed out or still open. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.server.close();
    this.socket?.destroy();
    if (this.waiter) {
      clearTimeout(this.waiter.timer);
      this.waiter.reject(new Error("passive listener closed"));
      this.waiter = undefined;
    }
  }
}
