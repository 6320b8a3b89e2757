/**
 * Active mode (PORT and EPRT): parsing the client's address, and vsftpd's
 * two security rules unless port_promiscuous: the address must be the
 * control connection's peer (no third-party bounce), and the port must not
 * be privileged (< 1024).
 */
import { isIPv4, isIPv6 } from "node:net";

export interface ActiveTarget {
  readonly host: string;
  readonly port: number;
}

/** PORT h1,h2,h3,h4,p1,p2 (each 0..255); undefined when malformed. */
export function parsePort(arg: string): ActiveTarget | undefined {
  const parts = arg.split(",");
  if (parts.length !== 6 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  const n = parts.map(Number);
  return { host: n.slice(0, 4).join("."), port: n[4]! * 256 + n[5]! };
}

export type EprtResult = { readonly target: ActiveTarget } | { readonly error: "protocol" | "syntax" };

/** EPRT |proto|address|port|; protocol 2 (IPv6) only on an IPv6 control connection. */
export function parseEprt(arg: string, ipv6Control: boolean): EprtResult {
  const m = /^\|([^|]*)\|([^|]*)\|([^|]*)\|$/.exec(arg);
  if (!m) return { error: "syntax" };
  const proto = Number.parseInt(m[1]!, 10);
  if (!(proto === 1 || (proto === 2 && ipv6Control))) return { error: "protocol" };
  const host = proto === 2 ? m[2]!.split("%")[0]! : m[2]!;
  if (proto === 1 ? !isIPv4(host) : !isIPv6(host)) return { error: "syntax" };
  if (!/^\d+$/.test(m[3]!) || Number(m[3]) > 65535) return { error: "syntax" };
  return { target: { host, port: Number(m[3]) } };
}

const plain = (a: string) => a.replace(/^::ffff:/, "");

/** vsftpd's rule: only the control connection's peer, never a privileged port. */
export function activeAllowed(t: ActiveTarget, peer: string, promiscuous: boolean): boolean {
  return promiscuous || (plain(t.host) === plain(peer) && t.port >= 1024);
}
