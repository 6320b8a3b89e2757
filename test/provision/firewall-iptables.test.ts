/**
 * The firewall resource against the real iptables and ip6tables, each test in
 * a scratch network namespace of its own: idempotence, where rules go in a
 * chain that ends in REJECT, a changed passive range, removal, undo, a
 * read-only plan, and deferring to a native nftables input chain. The host's
 * rules are compared before and after.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import type { Executor } from "../../src/provision/executor.js";
import { RecordingExecutor } from "../../src/provision/recording-executor.js";
import type { Change, Resource } from "../../src/provision/resource.js";
import { firewallResources, type FirewallOptions } from "../../src/provision/resources/firewall.js";
import { profileToOptions } from "../../src/profile/to-options.js";
import type { Profile } from "../../src/profile/types.js";
import { createNamespace, deleteNamespace, hostRules, netnsExecutor, netnsRun, rulesIn, uniqueName } from "../helpers/netns.js";
import { describeWithTools, requireTool } from "../helpers/require-tool.js";

const TOOLS = ["root", "/usr/sbin/ip", "/usr/sbin/iptables", "/usr/sbin/ip6tables"];

const base: Profile = { anonymous: { enabled: true }, passive: { minPort: 40000, maxPort: 40009 } };
const MANAGE: FirewallOptions = { manage: true, remove: false, persist: false };

function resource(profile: Profile, opts: FirewallOptions = MANAGE): Resource {
  const [r] = firewallResources(profileToOptions(profile, "debian"), "debian", opts);
  return r!;
}

/** Plans, applies every change that is not a noop, and returns the plan and the undo steps. */
async function apply(r: Resource, exec: Executor): Promise<{ plan: Change[]; undo: (() => Promise<void>)[] }> {
  const plan = await r.plan(exec);
  const undo: (() => Promise<void>)[] = [];
  for (const c of plan) {
    if (c.action === "noop") continue;
    const u = await r.apply(c, { exec, progress: () => {} });
    if (u) undo.push(u);
  }
  return { plan, undo };
}

const summary = (plan: Change[]) => plan.map((c) => `${c.action} ${c.id}`);

async function sh(ns: string, ...argv: string[]): Promise<void> {
  const r = await netnsRun(ns, argv);
  if (r.code !== 0) throw new Error(`${argv.join(" ")} in ${ns}: ${r.stderr}`);
}

describeWithTools("firewall resource on real iptables (scratch namespaces)", TOOLS, () => {
  let hostBefore = "";
  let ns = "";
  let exec: Executor;

  beforeAll(async () => {
    hostBefore = await hostRules();
  });
  afterAll(async () => {
    expect(await hostRules()).toBe(hostBefore);
  });
  beforeEach(async () => {
    ns = uniqueName("fwu");
    await createNamespace(ns);
    exec = netnsExecutor(ns);
  });
  afterEach(async () => {
    await deleteNamespace(ns);
  });

  it("plans the rules without changing anything", async () => {
    const before = await rulesIn(ns);
    const recorder = new RecordingExecutor(exec, true);
    const plan = await resource({ ...base, tls: { enabled: true } }).plan(recorder);
    expect(summary(plan)).toEqual([
      "create firewall:ipv4:tcp/21",
      "create firewall:ipv4:tcp/40000-40009",
      "create firewall:ipv6:tcp/21",
      "create firewall:ipv6:tcp/40000-40009",
    ]);
    expect(plan[1]!.reason).toMatch(/FTPS.*cannot read the encrypted control channel/);
    expect(recorder.calls).toEqual([]);
    expect(recorder.reads.some((r) => r.includes("-C INPUT"))).toBe(true);
    expect(await rulesIn(ns)).toBe(before);
  });

  it("adds tagged rules once: a second apply changes nothing", async () => {
    const r = resource({ ...base, active: { enabled: true } });
    await apply(r, exec);
    const v4 = await rulesIn(ns);
    const v6 = await rulesIn(ns, "ip6tables");
    expect(v4).toContain('-A INPUT -p tcp -m tcp --dport 21 -m conntrack --ctstate NEW,ESTABLISHED -m comment --comment "ftpctl: control 21/tcp" -j ACCEPT');
    expect(v4).toContain('-A INPUT -p tcp -m tcp --dport 40000:40009 -m conntrack --ctstate NEW,ESTABLISHED -m comment --comment "ftpctl: passive 40000-40009/tcp" -j ACCEPT');
    expect(v4).toContain('-A INPUT -p tcp -m tcp --dport 20 -m conntrack --ctstate ESTABLISHED -m comment --comment "ftpctl: active data from 20/tcp" -j ACCEPT');
    expect(v6.split("\n").filter((l) => l.includes("ftpctl:"))).toHaveLength(3);

    const again = await apply(resource({ ...base, active: { enabled: true } }), exec);
    expect(again.plan.every((c) => c.action === "noop")).toBe(true);
    expect(await rulesIn(ns)).toBe(v4);
    expect(await rulesIn(ns, "ip6tables")).toBe(v6);
  });

  it("goes before a final REJECT and after everything else, moving nothing", async () => {
    await sh(ns, "iptables", "-A", "INPUT", "-i", "lo", "-j", "ACCEPT");
    await sh(ns, "iptables", "-A", "INPUT", "-s", "192.0.2.0/24", "-j", "DROP");
    await sh(ns, "iptables", "-A", "INPUT", "-j", "REJECT", "--reject-with", "icmp-host-prohibited");
    await apply(resource(base), exec);
    const lines = (await rulesIn(ns)).trim().split("\n").filter((l) => l.startsWith("-A INPUT"));
    expect(lines.map((l) => (l.includes("ftpctl:") ? l.match(/"(ftpctl: [^"]+)"/)![1] : l))).toEqual([
      "-A INPUT -i lo -j ACCEPT",
      "-A INPUT -s 192.0.2.0/24 -j DROP",
      "ftpctl: control 21/tcp",
      "ftpctl: passive 40000-40009/tcp",
      "-A INPUT -j REJECT --reject-with icmp-host-prohibited",
    ]);
  });

  it("follows a changed passive range: the old tagged rule goes, the new one comes", async () => {
    await apply(resource(base), exec);
    const moved = { ...base, passive: { minPort: 50000, maxPort: 50009 } };
    const { plan } = await apply(resource(moved), exec);
    expect(summary(plan)).toEqual([
      "noop firewall:ipv4:tcp/21",
      "create firewall:ipv4:tcp/50000-50009",
      "delete firewall:ipv4:remove:INPUT:passive 40000-40009/tcp",
      "noop firewall:ipv6:tcp/21",
      "create firewall:ipv6:tcp/50000-50009",
      "delete firewall:ipv6:remove:INPUT:passive 40000-40009/tcp",
    ]);
    const tagged = (await rulesIn(ns)).split("\n").filter((l) => l.includes("ftpctl:"));
    expect(tagged.map((l) => l.match(/"(ftpctl: [^"]+)"/)![1])).toEqual(["ftpctl: control 21/tcp", "ftpctl: passive 50000-50009/tcp"]);
  });

  it("removes exactly the tagged rules, on --remove-firewall and on firewall.manage: false", async () => {
    await sh(ns, "iptables", "-A", "INPUT", "-p", "tcp", "--dport", "22", "-m", "comment", "--comment", "ssh: not ftpctl's", "-j", "ACCEPT");
    const untouched = await rulesIn(ns);
    const untouched6 = await rulesIn(ns, "ip6tables");
    for (const opts of [
      { manage: true, remove: true, persist: false },
      { manage: false, remove: false, persist: false },
    ]) {
      await apply(resource(base), exec);
      expect(await rulesIn(ns)).not.toBe(untouched);
      const { plan } = await apply(resource(base, opts), exec);
      expect(plan.filter((c) => c.action === "delete")).toHaveLength(4);
      expect(await rulesIn(ns)).toBe(untouched);
      expect(await rulesIn(ns, "ip6tables")).toBe(untouched6);
      // Nothing left to remove: one line that says so.
      expect(summary(await resource(base, opts).plan(exec))).toEqual(["noop firewall"]);
    }
  });

  it("undoes its own changes", async () => {
    await apply(resource(base), exec);
    const before = await rulesIn(ns);
    const { undo } = await apply(resource({ ...base, passive: { minPort: 45000, maxPort: 45001 } }), exec);
    expect(undo).toHaveLength(4);
    for (const u of undo.reverse()) await u();
    // Same rules; an undone delete is re-added at the end of the chain.
    expect((await rulesIn(ns)).split("\n").sort()).toEqual(before.split("\n").sort());
  });

  it("puts back a rule someone deleted", async () => {
    await apply(resource(base), exec);
    const full = await rulesIn(ns);
    await sh(ns, "iptables", "-D", "INPUT", "-p", "tcp", "-m", "tcp", "--dport", "21", "-m", "conntrack", "--ctstate", "NEW,ESTABLISHED", "-m", "comment", "--comment", "ftpctl: control 21/tcp", "-j", "ACCEPT");
    const { plan } = await apply(resource(base), exec);
    expect(summary(plan).filter((s) => !s.startsWith("noop"))).toEqual(["create firewall:ipv4:tcp/21"]);
    expect((await rulesIn(ns)).split("\n").sort()).toEqual(full.split("\n").sort());
  });

  it("leaves a host whose native nftables chain filters input alone, and says what to run", async (ctx) => {
    requireTool(ctx, "/usr/sbin/nft");
    await sh(ns, "nft", "add", "table", "inet", "filter");
    await sh(ns, "nft", "add", "chain", "inet", "filter", "input", "{ type filter hook input priority 0 ; policy drop ; }");
    const before = await rulesIn(ns);
    const { plan } = await apply(resource(base), exec);
    expect(plan).toHaveLength(1);
    expect(plan[0]).toMatchObject({ id: "firewall:nftables", action: "noop" });
    expect(plan[0]!.summary).toContain("inet filter input");
    expect(plan[0]!.reason).toContain("nft insert rule inet filter input tcp dport { 21, 40000-40009 } ct state new,established accept");
    expect(await rulesIn(ns)).toBe(before);
  });

  it("is not fooled by iptables-nft's own tables", async () => {
    await sh(ns, "iptables", "-P", "INPUT", "DROP");
    const { plan } = await apply(resource(base), exec);
    expect(plan.filter((c) => c.action === "create")).toHaveLength(4);
  });

  it("says how to keep the rules when persistence is on and no saving tool is installed", async () => {
    // The host may have a saving tool; this case is about one that has none, so hide it.
    const noSaver = new Proxy(exec, {
      get: (target, key, receiver) =>
        key === "which" ? (p: string) => (p === "netfilter-persistent" ? Promise.resolve(undefined) : target.which(p)) : Reflect.get(target, key, receiver),
    });
    const plan = await resource(base, { manage: true, remove: false }).plan(new RecordingExecutor(noSaver, true));
    expect(plan.at(-1)).toMatchObject({ id: "firewall:persist", action: "noop" });
    expect(plan.at(-1)!.reason).toMatch(/lost at the next reboot.*apt-get install iptables-persistent/);
  });
});
