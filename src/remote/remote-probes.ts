/**
 * What doctor reads from /proc and the file system, asked of a server
 * through an Executor: who listens on a port (from /proc/net/tcp{,6} and
 * the /proc/PID/fd links, as host/listeners.ts reads them locally, with cat
 * and ls only) and whether the server is a container.
 */
import { listenSockets, type Listener } from "../host/listeners.js";
import type { Executor } from "../provision/executor.js";

/** /proc/net/tcp and tcp6 are a few kilobytes per hundred sockets. */
const TABLE_MAX = 4 << 20;

const TABLES = `for t in tcp tcp6; do head -c ${TABLE_MAX} /proc/net/$t 2>/dev/null; echo "--ftpctl--"; done`;

/** `ls -l /proc/[0-9]*\/fd` output: the pid owning each socket inode. */
export function socketOwners(ls: string): Map<string, number> {
  const owners = new Map<string, number>();
  let pid: number | undefined;
  for (const line of ls.split("\n")) {
    const head = /^\/proc\/(\d+)\/fd:$/.exec(line);
    if (head) pid = Number(head[1]);
    const sock = / -> socket:\[(\d+)\]$/.exec(line);
    if (sock && pid !== undefined && !owners.has(sock[1]!)) owners.set(sock[1]!, pid);
  }
  return owners;
}

export async function remoteListenersOn(exec: Executor, port: number): Promise<Listener[]> {
  const t = await exec.probe(["sh", "-c", TABLES]);
  const [tcp = "", tcp6 = ""] = t.stdout.split("--ftpctl--\n");
  const socks = listenSockets({ tcp, tcp6 }, port);
  if (!socks.length) return [];
  const ls = await exec.probe(["sh", "-c", "ls -l /proc/[0-9]*/fd 2>/dev/null; exit 0"]);
  const owners = socketOwners(ls.stdout);
  const pids = [...new Set(socks.map((s) => owners.get(s.inode)).filter((p): p is number => p !== undefined))];
  const comms = new Map<number, string>();
  if (pids.length) {
    const c = await exec.probe(["sh", "-c", 'for p in "$@"; do printf "%s %s\\n" "$p" "$(head -c 64 /proc/$p/comm 2>/dev/null)"; done', "sh", ...pids.map(String)]);
    for (const line of c.stdout.split("\n")) {
      const m = /^(\d+) (.+)$/.exec(line);
      if (m) comms.set(Number(m[1]), m[2]!.trim());
    }
  }
  return socks.map((s) => {
    const pid = owners.get(s.inode);
    const command = pid !== undefined ? comms.get(pid) : undefined;
    return { port, address: s.address, ...(pid !== undefined ? { pid } : {}), ...(command ? { command } : {}) };
  });
}

/** As doctor's container check asks locally: systemd's marker, or Docker's. */
export async function remoteInContainer(exec: Executor): Promise<boolean> {
  const r = await exec.probe(["sh", "-c", "[ -e /run/systemd/container ] || [ -e /.dockerenv ]"]);
  return r.code === 0;
}
