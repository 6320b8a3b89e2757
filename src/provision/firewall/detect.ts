/**
 * Which firewall this host runs, decided by read-only probes. ftpctl writes
 * iptables rules only where iptables is the firewall: under firewalld or ufw
 * its rules would be overwritten or ordered after their own, and beside a
 * native nftables input chain they would not be enough (a packet must pass
 * every base chain on the hook, so that chain's drop still wins).
 */
import type { Executor } from "../executor.js";

export interface NftChain {
  readonly family: string;
  readonly table: string;
  readonly chain: string;
  readonly policy?: string;
}

export type FirewallHost =
  | { readonly kind: "firewalld" }
  | { readonly kind: "ufw" }
  /** Native nftables chains filter input; iptables rules alone would not open anything. */
  | { readonly kind: "nftables"; readonly chains: readonly NftChain[] }
  /** iptables is the firewall; `ipv6Unavailable` says why ip6tables cannot be used, when it cannot. */
  | { readonly kind: "iptables"; readonly ipv6Unavailable?: string }
  /** No iptables and no native ruleset: a brand-new host; the package step installs iptables. */
  | { readonly kind: "missing" };

/** Tables iptables-nft creates; their base chains carry iptables' upper-case names. */
const IPTABLES_TABLES = new Set(["filter", "nat", "mangle", "raw", "security"]);
const IPTABLES_FAMILIES = new Set(["ip", "ip6", "arp", "bridge"]);

function managedByIptables(c: NftChain): boolean {
  return IPTABLES_FAMILIES.has(c.family) && IPTABLES_TABLES.has(c.table) && c.chain === c.chain.toUpperCase();
}

/**
 * Base chains on the input hook that iptables does not manage, from `nft
 * list ruleset` text. Debian's /etc/nftables.conf, for one, makes
 * `table inet filter { chain input { type filter hook input ... } }`.
 */
export function nativeInputChains(ruleset: string): NftChain[] {
  const found: NftChain[] = [];
  let table: { family: string; name: string } | undefined;
  let chain: string | undefined;
  for (const raw of ruleset.split("\n")) {
    const line = raw.trim();
    let m: RegExpMatchArray | null;
    if ((m = line.match(/^table\s+(\S+)\s+(\S+)\s*\{/))) {
      table = { family: m[1]!, name: m[2]! };
      chain = undefined;
    } else if ((m = line.match(/^chain\s+(\S+)\s*\{/))) {
      chain = m[1]!;
    } else if (table && chain && /\btype\s+filter\s+hook\s+input\b/.test(line)) {
      const policy = line.match(/policy\s+(\w+)/)?.[1];
      const c: NftChain = { family: table.family, table: table.name, chain, ...(policy ? { policy } : {}) };
      if (!managedByIptables(c)) found.push(c);
    }
  }
  return found;
}

/** Reads only: firewall-cmd --state, ufw status, nft list ruleset, ip6tables -S. */
export async function detectFirewall(exec: Executor): Promise<FirewallHost> {
  if (await exec.which("firewall-cmd")) {
    const r = await exec.probe(["firewall-cmd", "--state"], { timeoutMs: 10_000 });
    if (r.code === 0 && r.stdout.trim() === "running") return { kind: "firewalld" };
  }
  if (await exec.which("ufw")) {
    const r = await exec.probe(["ufw", "status"], { timeoutMs: 10_000 });
    if (r.code === 0 && /^Status:\s*active\b/m.test(r.stdout)) return { kind: "ufw" };
  }
  if (await exec.which("nft")) {
    const r = await exec.probe(["nft", "list", "ruleset"], { timeoutMs: 10_000 });
    const chains = r.code === 0 ? nativeInputChains(r.stdout) : [];
    if (chains.length > 0) return { kind: "nftables", chains };
  }
  if (!(await exec.which("iptables"))) return { kind: "missing" };
  if (!(await exec.which("ip6tables"))) return { kind: "iptables", ipv6Unavailable: "ip6tables is not installed" };
  const v6 = await exec.probe(["ip6tables", "-w", "5", "-S", "INPUT"], { timeoutMs: 10_000 });
  if (v6.code !== 0) return { kind: "iptables", ipv6Unavailable: v6.stderr.trim() || `ip6tables exited ${v6.code}` };
  return { kind: "iptables" };
}
