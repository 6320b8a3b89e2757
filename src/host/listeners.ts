/**
 * Who listens on a TCP port, from /proc alone (a minimal server may have no
 * ss or netstat): the LISTEN sockets of /proc/net/tcp and tcp6, then the
 * process holding each socket's inode among /proc/PID/fd.
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

export interface Listener {
  readonly port: number;
  readonly address: string;
  readonly pid?: number;
  readonly command?: string;
}

const LISTEN = "0A";

/** The LISTEN sockets on `port` in the text of /proc/net/tcp and /proc/net/tcp6. */
export function listenSockets(tables: { readonly tcp: string; readonly tcp6: string }, port: number): { inode: string; address: string }[] {
  const found: { inode: string; address: string }[] = [];
  for (const [name, text] of [["tcp", tables.tcp], ["tcp6", tables.tcp6]] as const) {
    for (const line of text.split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== LISTEN) continue;
      const [addrHex, portHex] = f[1]!.split(":");
      if (parseInt(portHex!, 16) !== port) continue;
      found.push({ inode: f[9]!, address: name === "tcp6" ? `[${addrHex}]` : addrHex!.match(/../g)!.reverse().map((h) => parseInt(h, 16)).join(".") });
    }
  }
  return found;
}

function sockets(procRoot: string, port: number): { inode: string; address: string }[] {
  const read = (table: string) => {
    try {
      return readFileSync(`${procRoot}/${table}`, "utf8");
    } catch {
      return "";
    }
  };
  return listenSockets({ tcp: read("net/tcp"), tcp6: read("net/tcp6") }, port);
}

/** The listeners on `port`, with the process behind each when /proc lets us see it (as root it does). */
export function listenersOn(port: number, procRoot = "/proc"): Listener[] {
  const socks = sockets(procRoot, port);
  if (!socks.length) return [];
  const owner = new Map<string, number>();
  const wanted = new Set(socks.map((s) => `socket:[${s.inode}]`));
  for (const entry of readdirSync(procRoot)) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`${procRoot}/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`${procRoot}/${entry}/fd/${fd}`);
        if (wanted.has(target)) owner.set(target.slice(8, -1), Number(entry));
      } catch {
        // Closed while looking.
      }
    }
  }
  return socks.map((s) => {
    const pid = owner.get(s.inode);
    let command: string | undefined;
    try {
      command = pid !== undefined ? readFileSync(`${procRoot}/${pid}/comm`, "utf8").trim() : undefined;
    } catch {
      command = undefined;
    }
    return { port, address: s.address, ...(pid !== undefined ? { pid } : {}), ...(command !== undefined ? { command } : {}) };
  });
}
