/**
 * A TLS data connection (PROT P), after the 150 as in vsftpd
 * (vsf_ftpdataio_post_mark_connect): the handshake on the session's own
 * context, then require_ssl_reuse's check. Either failure ends the session
 * with vsftpd's last words.
 */
import type { Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import { reply } from "./replies.js";
import type { Session } from "./session.js";
import { acceptTls, sslError } from "./tls.js";

export async function secureData(s: Session, sock: Socket): Promise<TLSSocket | undefined> {
  const { secure } = acceptTls(sock, s.tlsContext!, { requestCert: s.opts.tls?.requestCert ?? false, timeoutMs: s.opts.dataConnectionTimeoutMs || 60_000 });
  let tls: TLSSocket;
  try {
    tls = await secure;
  } catch (err) {
    sock.destroy();
    // vsftpd's get_ssl dies on a failed data handshake: "500 OOPS: <OpenSSL error>".
    const text = `OOPS: ${sslError(err)}`;
    s.emit({ type: "refused", session: s.id, command: "data connection", code: 500, text });
    if (!s.isEnded) s.end(reply(500, text));
    return undefined;
  }
  if (s.opts.tls?.requireReuse && !tls.isSessionReused()) {
    tls.destroy();
    s.emit({ type: "refused", session: s.id, command: "data connection", code: 522, text: "TLS session not reused" });
    if (!s.isEnded) s.end(reply(522, "SSL connection failed: session reuse required"));
    return undefined;
  }
  return tls;
}
