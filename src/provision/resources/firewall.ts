/**
 * The firewall step of apply: iptables and ip6tables rules for the control
 * port, the passive range and active mode, each tagged with a comment
 * ("ftpctl: ...") so ftpctl finds exactly its own rules again. Nothing else
 * in the ruleset is flushed, reordered or removed. See docs/firewall.md.
 */
import { FtpctlError } from "../../core/errors.js";
import type { OptionMap } from "../../profile/to-options.js";
import type { Distro } from "../../vsftpd/option-spec.js";
import type { Executor } from "../executor.js";
import type { ApplyContext, Change, Resource } from "../resource.js";
import { firewalldCommands, NO_HELPER_NOTE, nftCommands, notPersistedAdvice, portsInWords, ufwCommands } from "../firewall/advice.js";
import { detectFirewall, type FirewallHost } from "../firewall/detect.js";
import { insertPosition, sameSpec, taggedRules, type ListedRule } from "../firewall/listing.js";
import { describeMethod, persistMethod, saveRules, savedComments, type PersistMethod } from "../firewall/persist.js";
import {
  checkArgv,
  deleteArgv,
  FAMILIES,
  firewallNeeds,
  insertArgv,
  listArgv,
  ruleId,
  rulesFor,
  TAG,
  type Family,
  type FirewallNeeds,
  type FirewallRule,
} from "../firewall/rules.js";

export interface FirewallOptions {
  /** The profile's `firewall.manage`. When false, rules ftpctl added earlier are removed. */
  readonly manage: boolean;
  /** `--remove-firewall`: remove every rule tagged by ftpctl, whatever the profile says. */
  readonly remove: boolean;
  /**
   * Save the rules the distro's way when its tool is installed (default true).
   * False where the rules live in a scratch network namespace and must never
   * reach the host's saved rule files.
   */
  readonly persist?: boolean;
}

type ChangeData =
  | { readonly op: "add" | "delete"; readonly family: Family; readonly chain: string; readonly spec: readonly string[] }
  | { readonly op: "persist"; readonly method: PersistMethod; readonly families: readonly Family[] };

const LIMIT = { timeoutMs: 15_000 };

function failed(what: string, argv: readonly string[], r: { code: number; stderr: string; stdout: string }): FtpctlError {
  return new FtpctlError(`${what}: ${argv.join(" ")} exited ${r.code}: ${(r.stderr || r.stdout).trim()}`);
}

/** `-C`: true when the rule is there; anything but "there"/"not there" is an error. */
async function ruleExists(exec: Executor, family: Family, chain: string, spec: readonly string[]): Promise<boolean> {
  const argv = checkArgv(family, chain, spec);
  const r = await exec.probe(argv, LIMIT);
  if (r.code === 0) return true;
  if (r.code === 1) return false;
  throw failed("cannot check a firewall rule", argv, r);
}

async function listing(exec: Executor, family: Family): Promise<string> {
  const argv = listArgv(family);
  const r = await exec.probe(argv, LIMIT);
  if (r.code !== 0) throw failed("cannot list the firewall rules", argv, r);
  return r.stdout;
}

function describeRule(rule: { family: Family; comment?: string | undefined }): string {
  return `${rule.family === "ipv4" ? "iptables" : "ip6tables"} "${rule.comment ?? ""}"`;
}

function addChange(rule: FirewallRule, reason: string, exists: boolean): Change {
  return {
    id: ruleId(rule.family, rule.ports),
    action: exists ? "noop" : "create",
    summary: `${exists ? "keep" : "accept"} ${rule.ports} in ${rule.chain} (${rule.family})`,
    before: exists ? describeRule(rule) : "absent",
    after: describeRule(rule),
    reason,
    data: { op: "add", family: rule.family, chain: rule.chain, spec: rule.spec } satisfies ChangeData,
  };
}

function deleteChange(rule: ListedRule, family: Family, id: string, reason: string): Change {
  return {
    id,
    action: "delete",
    summary: `remove ${rule.comment?.slice(TAG.length).trim()} from ${rule.chain} (${family})`,
    before: describeRule({ family, comment: rule.comment }),
    after: "absent",
    reason,
    data: { op: "delete", family, chain: rule.chain, spec: rule.spec } satisfies ChangeData,
  };
}

/** Where ftpctl does not own the rules: one change that says what to run. */
async function adviceChange(exec: Executor, host: FirewallHost, needs: FirewallNeeds): Promise<Change> {
  const ports = portsInWords(needs);
  const portList = [String(needs.controlPort), ...(needs.passive ? [needs.passive.min === needs.passive.max ? `${needs.passive.min}` : `${needs.passive.min}-${needs.passive.max}`] : [])];
  if (host.kind === "firewalld") {
    let open = true;
    for (const p of portList) open &&= (await exec.probe(["firewall-cmd", `--query-port=${p}/tcp`], LIMIT)).code === 0;
    return {
      id: "firewall:firewalld",
      action: "noop",
      summary: open ? `firewalld already accepts ${ports}` : `firewalld is active: open ${ports} yourself`,
      reason: open
        ? "firewalld manages this host's firewall, so ftpctl leaves its rules alone"
        : `firewalld manages this host's firewall, so ftpctl does not write iptables rules. Run: ${firewalldCommands(needs).join("; ")}. ${NO_HELPER_NOTE}`,
    };
  }
  if (host.kind === "ufw") {
    const status = (await exec.probe(["ufw", "status"], LIMIT)).stdout;
    const allowed = (p: string) => new RegExp(`^${p.replace("-", ":")}/tcp\\s+ALLOW\\b`, "m").test(status);
    const open = portList.every(allowed);
    return {
      id: "firewall:ufw",
      action: "noop",
      summary: open ? `ufw already allows ${ports}` : `ufw is active: open ${ports} yourself`,
      reason: open
        ? "ufw manages this host's firewall, so ftpctl leaves its rules alone"
        : `ufw manages this host's firewall, so ftpctl does not write iptables rules. Run: ${ufwCommands(needs).join("; ")}. ${NO_HELPER_NOTE}`,
    };
  }
  const chains = host.kind === "nftables" ? host.chains : [];
  const first = chains[0]!;
  return {
    id: "firewall:nftables",
    action: "noop",
    summary: `nftables filters input here (${chains.map((c) => `${c.family} ${c.table} ${c.chain}`).join(", ")}): open ${ports} yourself`,
    reason:
      `iptables rules would not be enough: a packet must pass every input chain, and the native one still drops it. ` +
      `Run: ${nftCommands(needs, first).join("; ")}, and add the same rules to /etc/nftables.conf so they survive a reboot. ${NO_HELPER_NOTE}`,
  };
}

class FirewallResource implements Resource {
  readonly kind = "firewall";

  /** Undefined when no rule is wanted (removal); set by plan, which may refuse the options. */
  private needs: FirewallNeeds | undefined;

  constructor(
    private readonly options: OptionMap,
    private readonly distro: Distro,
    private readonly opts: FirewallOptions,
  ) {}

  private get wanted(): boolean {
    return this.needs !== undefined;
  }

  async plan(exec: Executor): Promise<Change[]> {
    this.needs = this.opts.manage && !this.opts.remove ? firewallNeeds(this.options, this.distro) : undefined;
    const host = await detectFirewall(exec);
    const notManaged: Change = {
      id: "firewall",
      action: "noop",
      summary: this.opts.remove ? "no ftpctl rules to remove" : "firewall not managed (firewall.manage: false)",
    };
    if (host.kind === "firewalld" || host.kind === "ufw" || host.kind === "nftables") {
      return this.needs ? [await adviceChange(exec, host, this.needs)] : [notManaged];
    }
    if (host.kind === "missing") {
      if (!this.needs) return [notManaged];
      const reason = "iptables is not installed yet; the package step installs it before this step runs";
      const changes = FAMILIES.flatMap((f) => rulesFor(this.needs!, f)).map((r) => addChange(r, `${r.reason}; ${reason}`, false));
      return [...changes, ...(await this.persistChanges(exec, true, FAMILIES))];
    }

    const changes: Change[] = [];
    const families: Family[] = [];
    for (const family of FAMILIES) {
      if (family === "ipv6" && host.ipv6Unavailable !== undefined) {
        changes.push({ id: "firewall:ipv6", action: "noop", summary: "no IPv6 rules: ip6tables cannot be used here", reason: host.ipv6Unavailable });
        continue;
      }
      families.push(family);
      changes.push(...(await this.familyChanges(exec, family)));
    }
    const persist = await this.persistChanges(exec, changes.some((c) => c.action !== "noop"), families);
    const all = [...changes, ...persist];
    return !this.wanted && all.every((c) => c.action === "noop") ? [notManaged] : all;
  }

  /** Desired rules present (noop) or missing (create), and tagged rules no longer wanted (delete). */
  private async familyChanges(exec: Executor, family: Family): Promise<Change[]> {
    const desired = this.needs ? rulesFor(this.needs, family) : [];
    const tagged = taggedRules(await listing(exec, family));
    const changes: Change[] = [];
    const present = new Set<FirewallRule>();
    for (const rule of desired) {
      const exists = await ruleExists(exec, family, rule.chain, rule.spec);
      if (exists) present.add(rule);
      changes.push(addChange(rule, rule.reason, exists));
    }
    const kept = (t: ListedRule) =>
      desired.some((d) => t.chain === d.chain && (sameSpec(t.spec, d.spec) || (t.comment === d.comment && present.has(d))));
    const ids = new Map<string, number>();
    for (const t of tagged) {
      if (kept(t)) continue;
      const base = `firewall:${family}:remove:${t.chain}:${t.comment!.slice(TAG.length).trim()}`;
      const n = (ids.get(base) ?? 0) + 1;
      ids.set(base, n);
      const reason = this.opts.remove
        ? "--remove-firewall: every rule tagged by ftpctl is removed"
        : !this.needs
          ? "firewall.manage is false: rules ftpctl added earlier are removed"
          : "tagged by ftpctl but no longer part of the profile";
      changes.push(deleteChange(t, family, n === 1 ? base : `${base}#${n}`, reason));
    }
    return changes;
  }

  /**
   * One change that saves the rules when something will change or the saved
   * rules differ from what should run; a noop saying how to keep them when
   * no saving tool is installed.
   */
  private async persistChanges(exec: Executor, pending: boolean, families: readonly Family[]): Promise<Change[]> {
    if (this.opts.persist === false || families.length === 0) return [];
    const method = await persistMethod(exec, this.distro);
    if (method.kind === "none") {
      return this.wanted ? [{ id: "firewall:persist", action: "noop", summary: "rules are not saved across reboots", reason: notPersistedAdvice(this.distro) }] : [];
    }
    let stale = false;
    for (const f of families) {
      const want = (this.needs ? rulesFor(this.needs, f) : []).map((r) => r.comment).sort();
      const saved = await savedComments(exec, method, f);
      stale ||= want.join("\n") !== saved.join("\n");
    }
    const data: ChangeData = { op: "persist", method, families };
    return [
      {
        id: "firewall:persist",
        action: pending || stale ? "update" : "noop",
        summary: pending || stale ? `save the rules (${describeMethod(method)})` : "saved rules are current",
        reason: stale && !pending ? "the saved rules differ from the ones ftpctl manages" : "so they survive a reboot",
        data,
      },
    ];
  }

  async apply(change: Change, ctx: ApplyContext): Promise<(() => Promise<void>) | void> {
    const data = change.data as ChangeData | undefined;
    if (data === undefined || change.action === "noop") return;
    const exec = ctx.exec;
    if (data.op === "persist") return saveRules(exec, data.method, data.families);
    if (data.op === "add") {
      if (await ruleExists(exec, data.family, data.chain, data.spec)) return ctx.unchanged?.("the rule was already there");
      await addRule(exec, data.family, data.chain, data.spec);
      return () => deleteRule(exec, data.family, data.chain, data.spec);
    }
    if (!(await ruleExists(exec, data.family, data.chain, data.spec))) return ctx.unchanged?.("the rule was already gone");
    await deleteRule(exec, data.family, data.chain, data.spec);
    return () => addRule(exec, data.family, data.chain, data.spec);
  }
}

async function addRule(exec: Executor, family: Family, chain: string, spec: readonly string[]): Promise<void> {
  // Re-read at each insert: earlier inserts and other tools move positions.
  const argv = insertArgv(family, chain, spec, insertPosition(await listing(exec, family), chain));
  const r = await exec.run(argv, LIMIT);
  if (r.code !== 0) throw failed("cannot add a firewall rule", argv, r);
}

async function deleteRule(exec: Executor, family: Family, chain: string, spec: readonly string[]): Promise<void> {
  if (!(await ruleExists(exec, family, chain, spec))) return;
  const argv = deleteArgv(family, chain, spec);
  const r = await exec.run(argv, LIMIT);
  if (r.code !== 0) throw failed("cannot remove a firewall rule", argv, r);
}

/**
 * The firewall step for the provisioning engine.
 *
 * @param options the rendered vsftpd options (`profileToOptions`); read are
 *   listen_port, pasv_enable, pasv_min_port, pasv_max_port, port_enable,
 *   connect_from_port_20, ftp_data_port and ssl_enable, with the build's
 *   defaults for any not set. Both address families get rules whatever
 *   listen_ipv6 says: rules for a family nothing listens on are harmless,
 *   and a later switch to listen_ipv6 then needs no firewall change.
 * @param distro the vsftpd build, which picks the persistence tool and advice.
 * @param opts `manage` is the profile's firewall.manage; `remove` is
 *   --remove-firewall. With either `manage: false` or `remove: true` the
 *   desired rule set is empty, so the plan deletes every rule tagged by ftpctl
 *   and adds none.
 * @returns one resource, kind "firewall". Its plan only probes. On firewalld,
 *   ufw or a native nftables input chain it plans a single noop whose summary
 *   and reason say exactly what to run instead. Where iptables is missing and
 *   nothing else filters input (a brand-new host), it plans the rules as
 *   creates: the package step must install iptables first (see
 *   `firewallNeedsIptables`).
 *   Its plan throws PlanError when the passive range is one vsftpd would not
 *   honour (it falls back to most of the port space).
 */
export function firewallResources(options: OptionMap, distro: Distro, opts: FirewallOptions): Resource[] {
  return [new FirewallResource(options, distro, opts)];
}

/**
 * For the package step: true when the firewall is managed and this host has
 * neither iptables nor another firewall (firewalld, ufw, native nftables)
 * that ftpctl would defer to, so iptables must be installed.
 */
export async function firewallNeedsIptables(exec: Executor, opts: FirewallOptions): Promise<boolean> {
  if (!opts.manage || opts.remove) return false;
  return (await detectFirewall(exec)).kind === "missing";
}
