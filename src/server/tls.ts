/**
 * TLS for the control and data connections on node:tls: vsftpd's ssl_init
 * (one context, refused at start-up with vsftpd's words when the
 * certificate, key or cipher list will not load) and the server side of a
 * handshake on a socket that is already open (AUTH TLS, a data connection).
 *
 * require_ssl_reuse: each control connection gets its own session ticket
 * keys (TLS 1.3, and TLS 1.2 clients with tickets) and its own session-id
 * cache (TLS 1.2 clients without tickets: curl), so a data connection can
 * resume only a TLS session this control connection (or an earlier data
 * connection of it) began. The check `isSessionReused()` then says what
 * vsftpd's SSL_session_reused says, for this session and no other.
 */
import { randomBytes } from "node:crypto";
import { createSecureContext, TLSSocket, type SecureContext, type SecureContextOptions } from "node:tls";
import { Server, type Socket } from "node:net";
import { UsageError } from "../core/errors.js";
import type { ServerTls } from "./tls-options.js";

/** What failed to load: the line names the file that holds it. */
export type TlsPart = "certificate" | "key" | "ciphers";

/** vsftpd's ssl_init refusals ("SSL: cannot load RSA certificate"), with OpenSSL's reason. */
export class TlsSetupError extends UsageError {
  constructor(
    readonly part: TlsPart,
    readonly reason: string,
  ) {
    super(`${part === "certificate" ? "SSL: cannot load RSA certificate" : part === "key" ? "SSL: cannot load RSA private key" : "SSL: could not set cipher list"} (${reason})`);
  }
}

/**
 * OpenSSL's ERR_error_string for a Node TLS error, as vsftpd prints it in
 * "500 OOPS: error:0A00010B:SSL routines::wrong version number".
 */
export function sslError(err: unknown): string {
  const m = /error:([0-9A-F]{8}):([^:]*):[^:]*:([^:\n]*)/.exec((err as Error)?.message ?? "");
  return m ? `error:${m[1]}:${m[2]}::${m[3]}` : String((err as Error)?.message ?? err);
}

/** vsftpd's SSL_CTX_set_timeout(INT_MAX) with require_ssl_reuse: a ticket does not expire while its session lasts. */
const FOREVER_SECONDS = 0x7fffffff;

function contextOptions(t: ServerTls): SecureContextOptions {
  return {
    ...(t.cert !== undefined ? { cert: t.cert } : {}),
    ...(t.key !== undefined ? { key: t.key } : t.cert !== undefined ? { key: t.cert } : {}),
    // vsftpd's SSL_OP_NO_TLSv1 is the only version switch that matters to OpenSSL 3 (no SSLv2/3 in it).
    minVersion: t.tlsv1 ? "TLSv1" : "TLSv1.1",
    ...(t.ciphers !== undefined && t.ciphers !== "" ? { ciphers: t.ciphers } : {}),
    sessionIdContext: "vsftpd",
    sessionTimeout: FOREVER_SECONDS,
  };
}

const reason = (err: unknown) => sslError(err).replace(/^error:[0-9A-F]{8}:[^:]*::/, "");

/**
 * The server's TLS contexts, checked once at start-up: one shared, or one
 * per session when require_ssl_reuse must tell sessions apart.
 */
export class TlsContexts {
  private readonly shared: SecureContext;

  constructor(readonly tls: ServerTls) {
    if (tls.cert === undefined || String(tls.cert).trim() === "") throw new TlsSetupError("certificate", "ssl_enable=YES needs one: rsa_cert_file, or --cert");
    // In vsftpd's order: the chain, then the key against it, then the cipher list.
    try {
      createSecureContext({ cert: tls.cert });
    } catch (err) {
      throw new TlsSetupError("certificate", reason(err));
    }
    const { ciphers, ...rest } = contextOptions(tls);
    try {
      createSecureContext(rest);
    } catch (err) {
      throw new TlsSetupError("key", reason(err));
    }
    try {
      this.shared = createSecureContext({ ...rest, ...(ciphers !== undefined ? { ciphers } : {}) });
    } catch (err) {
      throw new TlsSetupError("ciphers", reason(err));
    }
  }

  /** What a new control connection uses for itself and its data connections. */
  forSession(): SessionTls {
    const context = this.tls.requireReuse ? createSecureContext({ ...contextOptions(this.tls), ticketKeys: randomBytes(48) }) : this.shared;
    return { context, cache: sessionCache() };
  }
}

/** One control connection's TLS: its context, and its TLS 1.2 session-id cache. */
export interface SessionTls {
  readonly context: SecureContext;
  /**
   * Never listens: node:tls asks a TLS socket's `server` for sessions by id
   * ('newSession', 'resumeSession'); this one answers from this session's own
   * cache only.
   */
  readonly cache: Server;
}

/** A control connection makes a handful of data connections at once at most; older sessions can go. */
const CACHED_SESSIONS = 16;

function sessionCache(): Server {
  const sessions = new Map<string, Buffer>();
  const cache = new Server();
  cache.on("newSession", (id: Buffer, data: Buffer, done: () => void) => {
    sessions.set(id.toString("hex"), data);
    if (sessions.size > CACHED_SESSIONS) sessions.delete(sessions.keys().next().value!);
    done();
  });
  cache.on("resumeSession", (id: Buffer, done: (err: Error | null, data: Buffer | null) => void) => done(null, sessions.get(id.toString("hex")) ?? null));
  return cache;
}

/**
 * The server side of a TLS handshake on an open socket: resolves with the
 * TLS socket once it is secure, rejects on a failed handshake or after
 * `timeoutMs`. Bytes already buffered in `socket` (unshifted by the caller)
 * are the first the handshake reads. `onFail` runs at the failure, while
 * the socket under the TLS one is still open (vsftpd's OOPS goes there).
 */
export function acceptTls(
  socket: Socket,
  session: SessionTls,
  o: { requestCert: boolean; timeoutMs: number; onFail?: (err: Error) => void },
): { tls: TLSSocket; secure: Promise<TLSSocket> } {
  const tls = new TLSSocket(socket, { isServer: true, secureContext: session.context, server: session.cache, requestCert: o.requestCert, rejectUnauthorized: false });
  const secure = new Promise<TLSSocket>((resolve, reject) => {
    const closed = () => fail(new Error("connection closed during the TLS handshake"));
    const timer = setTimeout(() => fail(new Error("TLS handshake timed out")), o.timeoutMs);
    const settle = () => {
      clearTimeout(timer);
      tls.off("secure", ok);
      tls.off("error", fail);
      tls.off("close", closed);
    };
    function fail(err: Error): void {
      settle();
      o.onFail?.(err);
      tls.on("error", () => {});
      tls.destroy();
      reject(err);
    }
    function ok(): void {
      settle();
      tls.on("error", () => {});
      resolve(tls);
    }
    tls.once("secure", ok);
    tls.once("error", fail);
    tls.once("close", closed);
  });
  return { tls, secure };
}
