/**
 * A transfer over the passive data connection, in vsftpd's order: the
 * connection is made (or awaited), then 150, then the bytes, then the data
 * connection is closed, and only then 226. Streams are piped with
 * node:stream's pipeline, so a slow reader slows the file read (bounded
 * memory) and a session that ends aborts the transfer.
 */
import { once } from "node:events";
import { connect as netConnect, type Socket } from "node:net";
import type { ActiveTarget } from "./active.js";
import { ForeignConnection } from "./passive.js";
import { pipeline } from "node:stream/promises";
import type { Readable, Transform, Writable } from "node:stream";
import { reply, TEXT } from "./replies.js";
import type { Session } from "./session.js";
import { secureData } from "./data-tls.js";
import { dataMustBeEncrypted } from "./tls-options.js";

export type Direction = "send" | "receive";

export interface TransferResult {
  readonly ok: boolean;
  readonly bytes: number;
}

/** Connects to the client's PORT/EPRT address from the control connection's local address. */
function dial(s: Session, t: ActiveTarget): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const local = s.socket.localAddress;
    const sock = netConnect({ host: t.host, port: t.port, noDelay: true, ...(local ? { localAddress: local } : {}) });
    const timer = setTimeout(() => sock.destroy(new Error("connect timeout")), s.opts.connectTimeoutMs || 60_000);
    sock.once("connect", () => {
      clearTimeout(timer);
      sock.off("error", reject);
      sock.on("error", () => {});
      resolve(sock);
    });
    sock.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    s.data = sock;
  });
}

/** The data connection: dialled (active) or awaited (passive); answers 425 and returns undefined when there is none. */
async function connect(s: Session): Promise<Socket | undefined> {
  // vsftpd's data_transfer_checks_ok: PASV or PORT first, then force_*_data_ssl.
  if (!s.active && !s.passive) {
    s.reply(425, TEXT.usePasvFirst);
    return undefined;
  }
  if (dataMustBeEncrypted(s.opts.tls, s.anonymous, s.dataTls)) {
    s.reply(522, "Data connections must be encrypted.");
    return undefined;
  }
  const target = s.active;
  if (target) {
    s.active = undefined;
    try {
      return await dial(s, target);
    } catch {
      s.data = undefined;
      if (!s.isEnded) s.reply(425, "Failed to establish connection.");
      return undefined;
    }
  }
  const l = s.passive;
  if (!l) {
    s.reply(425, TEXT.usePasvFirst);
    return undefined;
  }
  try {
    return await l.take(s.opts.dataConnectionTimeoutMs || 60_000);
  } catch (err) {
    s.closePassive();
    if (!s.isEnded) s.reply(425, err instanceof ForeignConnection ? "Security: Bad IP connecting." : "Failed to establish connection.");
    return undefined;
  }
}

/** Resolves when the socket is fully closed, or destroys it after `ms`. */
async function closed(sock: Socket, ms: number): Promise<void> {
  if (sock.destroyed) return;
  const t = setTimeout(() => sock.destroy(), ms);
  try {
    await once(sock, "close");
  } finally {
    clearTimeout(t);
  }
}

/**
 * Runs one transfer. `local` is the file side (a read stream to send, a
 * write stream to receive), made only after the data connection exists;
 * `finishText` is the 226 text.
 */
export async function transfer(
  s: Session,
  mark: string,
  dir: Direction,
  local: () => Readable | Writable,
  finishText: string = TEXT.transferOk,
  /** A conversion between the two ends (ASCII mode). */
  via?: () => Transform,
): Promise<TransferResult | undefined> {
  let sock = await connect(s);
  if (!sock) return undefined;
  s.data = sock;
  s.reply(150, mark);
  if (s.dataTls) {
    sock = await secureData(s, sock);
    if (!sock) return undefined;
    s.data = sock;
  }
  const stream = local();
  let localFailed = false;
  stream.on("error", () => (localFailed = true));
  let bytes = 0;
  const count = (chunk: Buffer) => (bytes += chunk.length);
  if (dir === "send") (stream as Readable).on("data", count);
  else sock.on("data", count);
  const abort = s.abortSignal();
  // data_connection_timeout: a transfer that moves nothing for that long ends the session, as in vsftpd.
  let stalled = false;
  if (s.opts.dataConnectionTimeoutMs > 0) {
    sock.setTimeout(s.opts.dataConnectionTimeoutMs, () => {
      stalled = true;
      sock.destroy(new Error("data timeout"));
    });
  }
  let ok = true;
  try {
    if (dir === "send") await (via ? pipeline(stream as Readable, via(), sock, { signal: abort.signal }) : pipeline(stream as Readable, sock, { signal: abort.signal }));
    else await (via ? pipeline(sock, via(), stream as Writable, { signal: abort.signal }) : pipeline(sock, stream as Writable, { signal: abort.signal }));
    await closed(sock, 5000);
  } catch {
    ok = false;
    sock.destroy();
  } finally {
    abort.done();
    s.data = undefined;
    s.closePassive();
    s.restart = 0;
  }
  if (s.isEnded) return { ok: false, bytes };
  if (stalled) {
    s.end(reply(421, "Data timeout. Reconnect. Sorry."));
    return { ok: false, bytes };
  }
  if (ok) s.reply(226, finishText);
  else if (localFailed) s.reply(451, dir === "send" ? TEXT.readFail : TEXT.writeFail);
  else s.reply(426, TEXT.dataFail);
  return { ok, bytes };
}
