/**
 * Reading `iptables -S` back: which rules carry ftpctl's tag, and where in a
 * chain a new rule must go to take effect. Pure.
 */
import { TAG } from "./rules.js";

export interface ListedRule {
  readonly chain: string;
  /** Arguments after the chain name, unquoted, as they would be passed back to iptables. */
  readonly spec: readonly string[];
  readonly comment?: string;
}

/**
 * Splits one line of `iptables -S` into arguments. iptables quotes a value
 * in double quotes when it holds a space or a quote, escaping `"` and `\`
 * inside with a backslash (xtables_save_string).
 */
export function splitRuleLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === " " || line[i] === "\t") i++;
    if (i >= line.length) break;
    let word = "";
    if (line[i] === '"') {
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === "\\" && i + 1 < line.length) i++;
        word += line[i++];
      }
      i++;
    } else {
      while (i < line.length && line[i] !== " " && line[i] !== "\t") word += line[i++];
    }
    out.push(word);
  }
  return out;
}

/** The `-A` lines of a listing, in chain order. Policy (`-P`) and chain (`-N`) lines are skipped. */
export function parseListing(text: string): ListedRule[] {
  const rules: ListedRule[] = [];
  for (const line of text.split("\n")) {
    const args = splitRuleLine(line.trim());
    if (args[0] !== "-A" || args[1] === undefined) continue;
    const spec = args.slice(2);
    const at = spec.indexOf("--comment");
    const comment = at >= 0 ? spec[at + 1] : undefined;
    rules.push({ chain: args[1], spec, ...(comment !== undefined ? { comment } : {}) });
  }
  return rules;
}

export function isTagged(rule: ListedRule): boolean {
  return rule.comment?.startsWith(TAG) ?? false;
}

export function taggedRules(text: string): ListedRule[] {
  return parseListing(text).filter(isTagged);
}

/**
 * A rule that ends TCP traffic for good: DROP or REJECT matching nothing
 * but (at most) the tcp protocol, such as `-A INPUT -j REJECT
 * --reject-with icmp-host-prohibited` on RHEL. A rule appended after it
 * would never be reached.
 */
export function isCatchAll(rule: ListedRule): boolean {
  const s = rule.spec;
  let target: string | undefined;
  for (let i = 0; i < s.length; i++) {
    const a = s[i]!;
    const next = s[i + 1];
    if (a === "-j") target = next;
    else if (a === "-p" && (next === "tcp" || next === "all")) {
      /* protocol that includes tcp */
    } else if (a === "-m" && (next === "tcp" || next === "comment")) {
      /* a bare tcp match, a comment: no restriction */
    } else if (a === "--comment" || a === "--reject-with") {
      /* value follows */
    } else return false;
    i++;
  }
  return target === "DROP" || target === "REJECT";
}

/**
 * Where to put a new rule in `chain`: before the first catch-all DROP or
 * REJECT (1-based, for `-I chain N`), or undefined to append. Never the top
 * of the chain: an operator's earlier deny rules (a blocked network) keep
 * their precedence, and nothing existing moves relative to anything else.
 */
export function insertPosition(text: string, chain: string): number | undefined {
  const inChain = parseListing(text).filter((r) => r.chain === chain);
  const at = inChain.findIndex(isCatchAll);
  return at < 0 ? undefined : at + 1;
}

export function sameSpec(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
