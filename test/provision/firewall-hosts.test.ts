/**
 * Hosts the test machine is not: firewalld or ufw in charge, no iptables at
 * all (a brand-new server), no ip6tables, and the two ways of saving rules.
 * These tools cannot run here without taking over the machine's firewall,
 * so a scripted executor answers the probes with the tools' real output
 * formats; the iptables path itself is tested for real in
 * firewall-iptables.test.ts and firewall-netns.test.ts.
 */
import { describe, expect, it } from "vitest";
import type { CommandResult, Executor, FileStat, RunOptions, WriteOptions } from "../../src/provision/executor.js";
import type { Change } from "../../src/provision/resource.js";
import { firewallNeedsIptables, firewallResources, type FirewallOptions } from "../../src/provision/resources/firewall.js";
import { profileToOptions } from "../../src/profile/to-options.js";
import type { Profile } from "../../src/profile/types.js";

type Answer = CommandResult | ((argv: readonly string[]) => CommandResult);

/** Answers probes by argv prefix; records every change call. */
class ScriptedHost implements Executor {
  readonly runs: string[] = [];
  readonly writes = new Map<string, string>();
  constructor(
    private readonly programs: readonly string[],
    private readonly answers: Readonly<Record<string, Answer>>,
    private readonly files: Record<string, string> = {},
  ) {}
  private answer(argv: readonly string[]): CommandResult {
    const line = argv.join(" ");
    const key = Object.keys(this.answers)
      .filter((k) => line.startsWith(k))
      .sort((a, b) => b.length - a.length)[0];
    if (key === undefined) throw new Error(`unscripted command: ${line}`);
    const a = this.answers[key]!;
    return typeof a === "function" ? a(argv) : a;
  }
  async probe(argv: readonly string[], _opts?: RunOptions) {
    return this.answer(argv);
  }
  async run(argv: readonly string[], _opts?: RunOptions) {
    this.runs.push(argv.join(" "));
    return this.answer(argv);
  }
  async which(p: string) {
    return this.programs.includes(p) ? `/usr/sbin/${p}` : undefined;
  }
  async readFile(path: string) {
    const t = this.writes.get(path) ?? this.files[path];
    return t === undefined ? undefined : Buffer.from(t);
  }
  async stat(path: string): Promise<FileStat | undefined> {
    return path in this.files ? { type: "file", mode: 0o755, uid: 0, gid: 0, size: 0 } : undefined;
  }
  async writeFile(path: string, data: string | Uint8Array, _opts: WriteOptions) {
    this.writes.set(path, String(data));
  }
  async mkdir() {}
  async chmod() {}
  async chown() {}
  async rename() {}
  async remove(path: string) {
    this.writes.delete(path);
  }
}

const ok = (stdout = ""): CommandResult => ({ code: 0, stdout, stderr: "" });
const fail = (code: number, stderr = ""): CommandResult => ({ code, stdout: "", stderr });

const profile: Profile = { anonymous: { enabled: true }, passive: { minPort: 40000, maxPort: 40100 }, tls: { enabled: true } };
const MANAGE: FirewallOptions = { manage: true, remove: false };

async function plan(host: Executor, opts: FirewallOptions = MANAGE, distro: "debian" | "rhel" = "debian"): Promise<Change[]> {
  return firewallResources(profileToOptions(profile, distro), distro, opts)[0]!.plan(host);
}

const V4_RULES = [
  "-P INPUT DROP",
  '-A INPUT -p tcp -m tcp --dport 21 -m conntrack --ctstate NEW,ESTABLISHED -m comment --comment "ftpctl: control 21/tcp" -j ACCEPT',
  '-A INPUT -p tcp -m tcp --dport 40000:40100 -m conntrack --ctstate NEW,ESTABLISHED -m comment --comment "ftpctl: passive 40000-40100/tcp" -j ACCEPT',
].join("\n");
const SAVED = `*filter\n:INPUT DROP [0:0]\n${V4_RULES.split("\n").slice(1).join("\n")}\nCOMMIT\n`;

/** A host where iptables holds ftpctl's rules already. */
function iptablesHost(extra: Partial<Record<string, Answer>> = {}, programs: string[] = [], files: Record<string, string> = {}) {
  return new ScriptedHost(
    ["iptables", "ip6tables", ...programs],
    {
      "ip6tables -w 5 -S": ok(V4_RULES),
      "iptables -w 5 -S": ok(V4_RULES),
      "iptables -w 5 -C": ok(),
      "ip6tables -w 5 -C": ok(),
      ...(extra as Record<string, Answer>),
    },
    files,
  );
}

describe("firewalld, ufw: say what to run, touch nothing", () => {
  it("firewalld running, ports closed: the exact firewall-cmd line, and no iptables call", async () => {
    const host = new ScriptedHost(["firewall-cmd", "iptables", "ip6tables"], {
      "firewall-cmd --state": ok("running\n"),
      "firewall-cmd --query-port": fail(1, "no"),
    });
    const [c, ...rest] = await plan(host);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ id: "firewall:firewalld", action: "noop", summary: "firewalld is active: open 21/tcp and 40000-40100/tcp yourself" });
    expect(c!.reason).toContain("firewall-cmd --permanent --add-port=21/tcp --add-port=40000-40100/tcp && firewall-cmd --reload");
    expect(c!.reason).toMatch(/cannot read an encrypted \(FTPS\) control channel/);
    expect(host.runs).toEqual([]);
  });

  it("firewalld with the ports open: nothing to say but that", async () => {
    const host = new ScriptedHost(["firewall-cmd"], { "firewall-cmd --state": ok("running\n"), "firewall-cmd --query-port": ok("yes\n") });
    expect((await plan(host))[0]).toMatchObject({ action: "noop", summary: "firewalld already accepts 21/tcp and 40000-40100/tcp" });
  });

  it("firewalld installed but stopped is not in charge", async () => {
    const host = iptablesHost({ "firewall-cmd --state": fail(252, "not running") }, ["firewall-cmd"]);
    expect((await plan(host, { ...MANAGE, persist: false })).map((c) => c.id)).toEqual([
      "firewall:ipv4:tcp/21",
      "firewall:ipv4:tcp/40000-40100",
      "firewall:ipv6:tcp/21",
      "firewall:ipv6:tcp/40000-40100",
    ]);
  });

  it("ufw active: the exact ufw line; ports it already allows are recognised", async () => {
    const closed = new ScriptedHost(["ufw", "iptables"], { "ufw status": ok("Status: active\n\nTo                         Action      From\n--                         ------      ----\n22/tcp                     ALLOW       Anywhere\n") });
    const [c] = await plan(closed);
    expect(c).toMatchObject({ id: "firewall:ufw", summary: "ufw is active: open 21/tcp and 40000-40100/tcp yourself" });
    expect(c!.reason).toContain("ufw allow 21/tcp && ufw allow 40000:40100/tcp");

    const open = new ScriptedHost(["ufw"], {
      "ufw status": ok("Status: active\n\nTo                         Action      From\n21/tcp                     ALLOW       Anywhere\n40000:40100/tcp            ALLOW       Anywhere\n21/tcp (v6)                ALLOW       Anywhere (v6)\n"),
    });
    expect((await plan(open))[0]).toMatchObject({ summary: "ufw already allows 21/tcp and 40000-40100/tcp" });
    expect(open.runs).toEqual([]);
  });

  it("ufw inactive is not in charge", async () => {
    const host = iptablesHost({ "ufw status": ok("Status: inactive\n") }, ["ufw"]);
    expect((await plan(host, { ...MANAGE, persist: false })).every((c) => c.id.startsWith("firewall:ipv"))).toBe(true);
  });
});

describe("a brand-new server without iptables", () => {
  const bare = () => new ScriptedHost([], {});

  it("plans every rule as a create, for the package step to make possible", async () => {
    const changes = await plan(bare());
    expect(changes.map((c) => `${c.action} ${c.id}`)).toEqual([
      "create firewall:ipv4:tcp/21",
      "create firewall:ipv4:tcp/40000-40100",
      "create firewall:ipv6:tcp/21",
      "create firewall:ipv6:tcp/40000-40100",
      "noop firewall:persist",
    ]);
    expect(changes[0]!.reason).toMatch(/iptables is not installed yet; the package step installs it/);
  });

  it("asks the package step for iptables only when the firewall is managed and nothing else is in charge", async () => {
    expect(await firewallNeedsIptables(bare(), MANAGE)).toBe(true);
    expect(await firewallNeedsIptables(bare(), { manage: false, remove: false })).toBe(false);
    expect(await firewallNeedsIptables(iptablesHost(), MANAGE)).toBe(false);
    const nft = new ScriptedHost(["nft"], { "nft list ruleset": ok("table inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n\t}\n}\n") });
    expect(await firewallNeedsIptables(nft, MANAGE)).toBe(false);
  });

  it("with the firewall unmanaged, says so and nothing else", async () => {
    expect(await plan(bare(), { manage: false, remove: false })).toEqual([{ id: "firewall", action: "noop", summary: "firewall not managed (firewall.manage: false)" }]);
  });
});

describe("IPv6 unavailable", () => {
  it("plans IPv4 and says why there are no IPv6 rules", async () => {
    const host = iptablesHost({ "ip6tables -w 5 -S INPUT": fail(3, "ip6tables v1.8.9 (nf_tables): can't initialize ip6tables table `filter': Address family not supported by protocol") });
    const changes = await plan(host, { ...MANAGE, persist: false });
    expect(changes.map((c) => `${c.action} ${c.id}`)).toEqual(["noop firewall:ipv4:tcp/21", "noop firewall:ipv4:tcp/40000-40100", "noop firewall:ipv6"]);
    expect(changes[2]!.reason).toMatch(/Address family not supported/);
  });
});

describe("saving the rules", () => {
  const np = { "netfilter-persistent save": ok() };

  it("Debian: netfilter-persistent save when the saved rules lack ftpctl's", async () => {
    const host = iptablesHost(np, ["netfilter-persistent"], { "/etc/iptables/rules.v4": "*filter\nCOMMIT\n", "/etc/iptables/rules.v6": "*filter\nCOMMIT\n" });
    const changes = await plan(host);
    const persist = changes.at(-1)!;
    expect(persist).toMatchObject({ id: "firewall:persist", action: "update", summary: "save the rules (netfilter-persistent save)" });
    expect(persist.reason).toBe("the saved rules differ from the ones ftpctl manages");
    const r = firewallResources(profileToOptions(profile, "debian"), "debian", MANAGE)[0]!;
    const undo = await r.apply(persist, { exec: host, progress: () => {} });
    expect(host.runs).toEqual(["netfilter-persistent save"]);
    // Undo puts the previous saved files back.
    host.writes.clear();
    await undo!();
    expect(host.writes.get("/etc/iptables/rules.v4")).toBe("*filter\nCOMMIT\n");
  });

  it("Debian: nothing to save when the saved rules match", async () => {
    const host = iptablesHost(np, ["netfilter-persistent"], { "/etc/iptables/rules.v4": SAVED, "/etc/iptables/rules.v6": SAVED });
    expect((await plan(host)).at(-1)).toMatchObject({ id: "firewall:persist", action: "noop", summary: "saved rules are current" });
  });

  it("RHEL: iptables-save output written to /etc/sysconfig/iptables and ip6tables, mode 0600", async () => {
    const host = iptablesHost({ "iptables-save": ok(SAVED), "ip6tables-save": ok(SAVED) }, [], { "/usr/libexec/iptables/iptables.init": "" });
    const changes = await plan(host, MANAGE, "rhel");
    const persist = changes.at(-1)!;
    expect(persist).toMatchObject({ action: "update", summary: "save the rules (iptables-save > /etc/sysconfig/iptables, ip6tables-save > /etc/sysconfig/ip6tables)" });
    await firewallResources(profileToOptions(profile, "rhel"), "rhel", MANAGE)[0]!.apply(persist, { exec: host, progress: () => {} });
    expect([...host.writes.keys()]).toEqual(["/etc/sysconfig/iptables", "/etc/sysconfig/ip6tables"]);
    expect(host.writes.get("/etc/sysconfig/iptables")).toBe(SAVED);
    expect(host.runs).toEqual([]);
  });

  it("no tool: a noop that says the rules are lost at reboot and how to keep them", async () => {
    const changes = await plan(iptablesHost(), MANAGE, "rhel");
    expect(changes.at(-1)).toMatchObject({ id: "firewall:persist", action: "noop", summary: "rules are not saved across reboots" });
    expect(changes.at(-1)!.reason).toMatch(/dnf install iptables-services/);
  });
});

describe("the passive range must be one vsftpd honours", () => {
  it("refuses at plan time, before any probe", async () => {
    const bad = firewallResources(profileToOptions({ ...profile, vsftpd: { pasv_max_port: 0 } }, "debian"), "debian", MANAGE)[0]!;
    const host = new ScriptedHost([], {});
    await expect(bad.plan(host)).rejects.toThrow(/pasv_min_port=40000 pasv_max_port=0 is not one vsftpd honours \(it would use 40000-65535\)/);
  });
});
