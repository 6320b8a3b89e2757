/**
 * A run of consecutive free ports for vsftpd's passive range. Ports are
 * picked at random from the project's range (as test/helpers/ports.ts does
 * for single ports), since other test files run daemons at the same time.
 */
import { createServer } from "node:net";
import { PORT_MAX, PORT_MIN } from "../helpers/ports.js";

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen({ port, host: "127.0.0.1", exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

export async function freePortRange(size: number, avoid: readonly number[] = []): Promise<{ min: number; max: number }> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const min = PORT_MIN + Math.floor(Math.random() * (PORT_MAX - PORT_MIN - size));
    const ports = Array.from({ length: size }, (_, i) => min + i);
    if (ports.some((p) => avoid.includes(p))) continue;
    let free = true;
    for (const p of ports) if (!(free = await bindable(p))) break;
    if (free) return { min, max: min + size - 1 };
  }
  throw new Error(`no run of ${size} free ports in ${PORT_MIN}-${PORT_MAX}`);
}
