/** Whether a TCP connection opens: the one probe verify and apply's final check both need. */
import { connect } from "node:net";

/** True when a connection to host:port opens within `timeoutMs`; it is closed at once. */
export function opens(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once("connect", () => done(true));
    s.once("error", () => done(false));
  });
}

/** Waits, a bounded while, for something to accept connections on host:port. */
export async function accepting(host: string, port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await opens(host, port, 1000)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
