/**
 * Free TCP ports for daemons under test. Test files run in parallel and
 * other people's daemons share the machine, so ports are picked at random
 * from the project's range rather than counted up from a fixed base.
 */
import { createServer } from "node:net";

export const PORT_MIN = 40000;
export const PORT_MAX = 60000;

const handedOut = new Set<number>();

type BindResult = "free" | "busy" | "no-family";

/** Binding "::" without v6only conflicts with a listener of either family on the port. */
function tryBind(port: number, host: string): Promise<BindResult> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", (e: NodeJS.ErrnoException) => resolve(e.code === "EADDRINUSE" || e.code === "EACCES" ? "busy" : "no-family"));
    srv.listen({ port, host, ipv6Only: false, exclusive: true }, () => srv.close(() => resolve("free")));
  });
}

async function isFree(port: number): Promise<boolean> {
  const dual = await tryBind(port, "::");
  if (dual !== "no-family") return dual === "free";
  // A host without IPv6 still gets an answer for IPv4.
  return (await tryBind(port, "0.0.0.0")) === "free";
}

/**
 * A port that was free a moment ago and has not been handed out by this
 * process. Another process can still take it before the daemon binds; callers
 * that see a bind failure should retry with a new port.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = PORT_MIN + Math.floor(Math.random() * (PORT_MAX - PORT_MIN));
    if (handedOut.has(port)) continue;
    if (await isFree(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port found in ${PORT_MIN}-${PORT_MAX}`);
}
