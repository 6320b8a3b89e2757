/**
 * Whether a new TCP connection to a port gets through the INPUT chain of
 * `iptables -S` output, judged the way a packet from another host meets it:
 * the first rule that matches decides, else the chain's policy. Rules this
 * cannot judge (a jump to a user chain, a source or interface match) make
 * the answer "unknown" only when they come before any decision.
 */

export type Verdict = { readonly kind: "accept" | "drop"; readonly rule: string } | { readonly kind: "unknown"; readonly rule: string };

function portsMatch(rule: string, port: number): boolean | undefined {
  const single = /--dport (\d+)(?::(\d+))?(?:\s|$)/.exec(rule);
  const multi = /--dports (\S+)/.exec(rule);
  if (!single && !multi) return undefined;
  const ranges = single ? [[single[1]!, single[2] ?? single[1]!]] : multi![1]!.split(",").map((p) => p.split(":")).map((r) => [r[0]!, r[1] ?? r[0]!]);
  return ranges.some(([lo, hi]) => port >= Number(lo) && port <= Number(hi));
}

export function inputVerdict(rules: string, port: number): Verdict {
  let policy = "ACCEPT";
  for (const line of rules.split("\n")) {
    const p = /^-P INPUT (\w+)/.exec(line);
    if (p) policy = p[1]!;
    if (!line.startsWith("-A INPUT ")) continue;
    const target = /-j (\S+)/.exec(line)?.[1];
    if (target === undefined) continue;
    // Only new connections from other hosts matter: loopback-only and established-only rules do not.
    if (/-i lo\b/.test(line)) continue;
    const states = /--(?:ct)?state (\S+)/.exec(line)?.[1];
    if (states !== undefined && !states.split(",").includes("NEW")) continue;
    const proto = /-p (\w+)/.exec(line)?.[1];
    if (proto !== undefined && proto !== "tcp" && proto !== "6") continue;
    const ports = portsMatch(line, port);
    if (ports === false) continue;
    const narrow = /(^|\s)-s \S+|(^|\s)-i \S+|-m (?:set|recent|string|u32)\b/.test(line);
    if (target === "ACCEPT") {
      if (narrow) continue;
      return { kind: "accept", rule: line };
    }
    if (target === "DROP" || target === "REJECT") {
      if (narrow) continue;
      return { kind: "drop", rule: line };
    }
    if (target !== "RETURN" && target !== "LOG") return { kind: "unknown", rule: line };
  }
  return policy === "ACCEPT" ? { kind: "accept", rule: "-P INPUT ACCEPT" } : { kind: "drop", rule: `-P INPUT ${policy}` };
}
