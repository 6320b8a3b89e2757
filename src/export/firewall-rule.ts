/**
 * A firewall rule of rules.ts read back into its parts, for engines that
 * take rules as fields (Ansible's iptables module) rather than argv. Only
 * the shape rulesFor() makes is accepted: anything else is a bug here, not
 * a rule to guess at.
 */
import { FtpctlError } from "../core/errors.js";
import type { FirewallRule } from "../provision/firewall/rules.js";

export interface RuleFields {
  readonly ipVersion: "ipv4" | "ipv6";
  readonly chain: string;
  readonly protocol: "tcp";
  /** "21", "40000:40009"; absent for a rule on state alone. */
  readonly dport?: string;
  readonly ctstate: readonly string[];
  readonly comment: string;
  readonly jump: "ACCEPT";
}

export function ruleFields(rule: FirewallRule): RuleFields {
  const s = [...rule.spec];
  const take = (...want: string[]) => {
    for (const w of want) if (s.shift() !== w) throw new FtpctlError(`internal: unexpected firewall rule shape: ${rule.spec.join(" ")}`);
  };
  take("-p", "tcp");
  let dport: string | undefined;
  if (s[0] === "-m" && s[1] === "tcp") {
    take("-m", "tcp", "--dport");
    dport = s.shift();
  }
  take("-m", "conntrack", "--ctstate");
  const ctstate = (s.shift() ?? "").split(",");
  take("-m", "comment", "--comment");
  const comment = s.shift() ?? "";
  take("-j", "ACCEPT");
  if (s.length || !comment) throw new FtpctlError(`internal: unexpected firewall rule shape: ${rule.spec.join(" ")}`);
  return { ipVersion: rule.family, chain: rule.chain, protocol: "tcp", ...(dport !== undefined ? { dport } : {}), ctstate, comment, jump: "ACCEPT" };
}
