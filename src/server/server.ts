/**
 * startServer: the embedded FTP server's library entry. It listens on
 * node:net, runs one Session per control connection, and hands back
 * `{ port, url, close() }`. It installs no signal handlers and never exits
 * the process; close() ends every session (control and data sockets,
 * passive listeners, timers) and the listener, and resolves when all are
 * gone.
 */
import { createServer, type Server, type Socket } from "node:net";
import { existsSync, statSync } from "node:fs";
import { UsageError } from "../core/errors.js";
import type { EventSink } from "./events.js";
import type { ServerOptions } from "./options.js";
import { Session } from "./session.js";
import { TlsContexts } from "./tls.js";

export interface RunningServer {
  readonly port: number;
  /** ftp://ADDRESS:PORT/ (an IPv6 address in brackets). */
  readonly url: string;
  /** Sessions open right now. */
  sessions(): number;
  close(): Promise<void>;
}

export interface StartOptions extends ServerOptions {
  /** Told about every session event; default: nothing. */
  readonly onEvent?: EventSink;
}

function checkRoots(o: ServerOptions): void {
  for (const [what, dir] of [["anonymous root", o.anonymousEnable ? o.anonRoot : undefined], ["local root", o.localEnable ? o.localRoot : undefined]] as const) {
    if (dir === undefined) continue;
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${what} ${dir} is not a directory`);
  }
  if (!o.anonymousEnable && !o.localEnable) throw new UsageError("vsftpd: both local and anonymous access disabled!");
}

function overLimit(o: ServerOptions, clients: number, fromIp: number): string | undefined {
  if (o.maxClients > 0 && clients > o.maxClients) return "There are too many connected users, please try later.";
  if (o.maxPerIp > 0 && fromIp > o.maxPerIp) return "There are too many connections from your internet address.";
  return undefined;
}

export async function startServer(o: StartOptions): Promise<RunningServer> {
  checkRoots(o);
  // vsftpd's ssl_init: a certificate, key or cipher list that will not load is refused before listening.
  const tls = o.tls ? new TlsContexts(o.tls) : undefined;
  const sink: EventSink = o.onEvent ?? (() => {});
  const sessions = new Set<Session>();
  const sockets = new Set<Socket>();
  let next = 1;
  const perIp = new Map<string, number>();
  const server: Server = createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    const ip = (socket.remoteAddress ?? "").replace(/^::ffff:/, "");
    perIp.set(ip, (perIp.get(ip) ?? 0) + 1);
    socket.once("close", () => {
      sockets.delete(socket);
      const n = (perIp.get(ip) ?? 1) - 1;
      if (n > 0) perIp.set(ip, n);
      else perIp.delete(ip);
    });
    socket.on("error", () => {});
    // vsftpd's standalone limits, counted with this connection, answered before any greeting.
    const refusal = overLimit(o, sockets.size, perIp.get(ip) ?? 0);
    if (refusal) {
      sink({ type: "refused", session: 0, command: "connect", code: 421, text: refusal });
      socket.end(`421 ${refusal}\r\n`);
      setTimeout(() => socket.destroy(), 1000).unref();
      return;
    }
    const s = new Session(next++, socket, o, sink, tls);
    s.clientsAtStart = sockets.size;
    sessions.add(s);
    void s.closed.then(() => {
      sessions.delete(s);
      sink({ type: "disconnect", session: s.id });
    });
    s.start();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: o.address, port: o.port }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : o.port;
  const host = o.address.includes(":") ? `[${o.address}]` : o.address;
  let closing: Promise<void> | undefined;
  return {
    port,
    url: `ftp://${host}:${port}/`,
    sessions: () => sessions.size,
    close() {
      closing ??= (async () => {
        const listenerClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        const all = [...sessions];
        for (const s of all) s.destroy();
        for (const sock of sockets) sock.destroy();
        await Promise.all([listenerClosed, ...all.map((s) => s.closed)]);
      })();
      return closing;
    },
  };
}
