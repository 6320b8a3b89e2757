/**
 * AUTH TLS on a bare control connection and one TLS handshake, with the
 * versions and trust the caller asks for: what the certificate and
 * protocol-version checks need and basic-ftp does not expose.
 */
import { isIP, connect as tcpConnect, type Socket } from "node:net";
import { connect as tlsConnect, type PeerCertificate, type SecureVersion } from "node:tls";
import type { VerifyContext } from "./context.js";

export interface Handshake {
  readonly ok: boolean;
  /** The AUTH TLS reply line. */
  readonly auth: string;
  readonly protocol?: string;
  readonly cert?: PeerCertificate;
  /** Whether the chain verified against the given CA (or the system's). */
  readonly authorized?: boolean;
  readonly authError?: string;
  readonly error?: string;
}

/** Reads one complete reply (multi-line ones too) from a control connection, up to 64 KiB. */
function readReply(sock: Socket, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = "";
    const timer = setTimeout(() => finish(new Error("no reply")), timeoutMs);
    const finish = (err?: Error) => {
      clearTimeout(timer);
      sock.off("data", onData);
      sock.off("error", finish);
      if (err) reject(err);
      else resolve(buf);
    };
    const onData = (d: Buffer) => {
      buf += d.toString("latin1");
      if (buf.length > 65536) return finish(new Error("reply too long"));
      const lines = buf.split("\r\n");
      const code = buf.slice(0, 3);
      if (lines.slice(0, -1).some((l) => l.startsWith(`${code} `))) finish();
    };
    sock.on("data", onData);
    sock.once("error", finish);
  });
}

export async function tlsHandshake(ctx: VerifyContext, o: { minVersion?: SecureVersion; maxVersion?: SecureVersion; ciphers?: string } = {}): Promise<Handshake> {
  const sock = tcpConnect({ host: ctx.host, port: ctx.port });
  try {
    await new Promise<void>((resolve, reject) => {
      sock.once("connect", resolve);
      sock.once("error", reject);
    });
    await readReply(sock, ctx.timeoutMs);
    sock.write("AUTH TLS\r\n");
    const auth = (await readReply(sock, ctx.timeoutMs)).split("\r\n")[0]!;
    if (!auth.startsWith("234")) return { ok: false, auth, error: `AUTH TLS answered ${auth.slice(0, 3)}` };
    return await new Promise<Handshake>((resolve) => {
      const t = tlsConnect({
        socket: sock,
        host: ctx.host,
        ...(isIP(ctx.host) ? {} : { servername: ctx.host }),
        rejectUnauthorized: false,
        ...(ctx.tls.ca !== undefined ? { ca: ctx.tls.ca } : {}),
        ...(o.minVersion ? { minVersion: o.minVersion } : {}),
        ...(o.maxVersion ? { maxVersion: o.maxVersion } : {}),
        ...(o.ciphers ? { ciphers: o.ciphers } : {}),
      });
      const timer = setTimeout(() => (t.destroy(), resolve({ ok: false, auth, error: "the handshake timed out" })), ctx.timeoutMs);
      t.once("secureConnect", () => {
        clearTimeout(timer);
        const authError = t.authorizationError ? String(t.authorizationError) : undefined;
        resolve({ ok: true, auth, protocol: t.getProtocol() ?? "", cert: t.getPeerCertificate(), authorized: t.authorized, ...(authError ? { authError } : {}) });
        t.destroy();
      });
      t.once("error", (err) => {
        clearTimeout(timer);
        resolve({ ok: false, auth, error: err.message });
      });
    });
  } finally {
    sock.destroy();
  }
}
