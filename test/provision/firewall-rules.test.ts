/**
 * The pure half of the firewall step: which ports a profile needs, the
 * iptables argv for them, reading `iptables -S` back, where a rule goes, and
 * what to tell firewalld, ufw and nftables users. Tables of input → output.
 */
import { describe, expect, it } from "vitest";
import { firewalldCommands, nftCommands, notPersistedAdvice, ufwCommands } from "../../src/provision/firewall/advice.js";
import { nativeInputChains } from "../../src/provision/firewall/detect.js";
import { PlanError } from "../../src/provision/errors.js";
import { insertPosition, isCatchAll, parseListing, splitRuleLine, taggedRules } from "../../src/provision/firewall/listing.js";
import {
  checkArgv,
  deleteArgv,
  firewallNeeds,
  insertArgv,
  passiveRange,
  ruleId,
  rulesFor,
  type FirewallNeeds,
} from "../../src/provision/firewall/rules.js";
import { profileToOptions } from "../../src/profile/to-options.js";
import type { Profile } from "../../src/profile/types.js";

const anon: Profile = { anonymous: { enabled: true } };

describe("firewallNeeds: the ports a profile needs open", () => {
  const cases: { name: string; profile: Profile; distro?: "debian" | "rhel" | "upstream"; needs: FirewallNeeds }[] = [
    {
      name: "anonymous defaults: port 21 and the default passive range, no active mode",
      profile: anon,
      needs: { controlPort: 21, passive: { min: 40000, max: 40100 }, activeEphemeral: false, tls: false },
    },
    {
      name: "custom port and range",
      profile: { ...anon, listen: { port: 2121 }, passive: { minPort: 50000, maxPort: 50009 } },
      needs: { controlPort: 2121, passive: { min: 50000, max: 50009 }, activeEphemeral: false, tls: false },
    },
    {
      name: "active mode: connect_from_port_20 comes with it, from port 20",
      profile: { ...anon, active: { enabled: true } },
      needs: { controlPort: 21, passive: { min: 40000, max: 40100 }, activeFromPort: 20, activeEphemeral: false, tls: false },
    },
    {
      name: "active mode from another ftp_data_port",
      profile: { ...anon, active: { enabled: true }, vsftpd: { ftp_data_port: 2020 } },
      needs: { controlPort: 21, passive: { min: 40000, max: 40100 }, activeFromPort: 2020, activeEphemeral: false, tls: false },
    },
    {
      name: "active mode without connect_from_port_20: replies from an ephemeral port",
      profile: { ...anon, active: { enabled: true }, vsftpd: { connect_from_port_20: false } },
      needs: { controlPort: 21, passive: { min: 40000, max: 40100 }, activeEphemeral: true, tls: false },
    },
    {
      name: "connect_from_port_20 alone does nothing while port_enable is off",
      profile: { ...anon, vsftpd: { connect_from_port_20: true } },
      needs: { controlPort: 21, passive: { min: 40000, max: 40100 }, activeEphemeral: false, tls: false },
    },
    {
      name: "passive off: no range",
      profile: { ...anon, passive: { enabled: false }, active: { enabled: true } },
      needs: { controlPort: 21, activeFromPort: 20, activeEphemeral: false, tls: false },
    },
    {
      name: "FTPS",
      profile: { ...anon, tls: { enabled: true } },
      needs: { controlPort: 21, passive: { min: 40000, max: 40100 }, activeEphemeral: false, tls: true },
    },
    {
      name: "a one-port passive range",
      profile: { ...anon, passive: { minPort: 40000, maxPort: 40000 } },
      needs: { controlPort: 21, passive: { min: 40000, max: 40000 }, activeEphemeral: false, tls: false },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const distro = c.distro ?? "debian";
      expect(firewallNeeds(profileToOptions(c.profile, distro), distro)).toEqual(c.needs);
    });
  }

  it("an empty option map falls back to the build's defaults, whose passive range vsftpd would not bound", () => {
    // Upstream defaults: pasv_min_port 5001 (effective) and pasv_max_port 0 (ignored: 65535).
    expect(() => firewallNeeds(new Map(), "upstream")).toThrow(PlanError);
  });
});

describe("passiveRange: only ranges vsftpd honours as written", () => {
  const ok: [number, number][] = [
    [1025, 1025],
    [40000, 40100],
    [50000, 65534],
    // The fallbacks themselves: what vsftpd uses is what is written.
    [1024, 2000],
    [40000, 65535],
  ];
  for (const [min, max] of ok) it(`${min}-${max} is kept`, () => expect(passiveRange(min, max)).toEqual({ min, max }));

  const refused: [number, number, string][] = [
    [0, 0, "1024-65535"],
    [40000, 0, "40000-65535"],
    [40100, 40000, "40100-65535"],
    [80, 2000, "1024-2000"],
  ];
  for (const [min, max, effective] of refused) {
    it(`${min}-${max} is refused (vsftpd would use ${effective})`, () => {
      expect(() => passiveRange(min, max)).toThrow(new RegExp(`it would use ${effective}\\b`));
    });
  }
});

describe("rulesFor: iptables rule specs, as iptables -S prints them back", () => {
  const needs: FirewallNeeds = { controlPort: 21, passive: { min: 40000, max: 40100 }, activeFromPort: 20, activeEphemeral: false, tls: true };

  it("control, passive and active rules, tagged, NEW,ESTABLISHED on the listening ports only", () => {
    const rules = rulesFor(needs, "ipv4");
    expect(rules.map((r) => [r.key, r.ports, r.spec.join(" ")])).toEqual([
      ["control", "21/tcp", "-p tcp -m tcp --dport 21 -m conntrack --ctstate NEW,ESTABLISHED -m comment --comment ftpctl: control 21/tcp -j ACCEPT"],
      ["passive", "40000-40100/tcp", "-p tcp -m tcp --dport 40000:40100 -m conntrack --ctstate NEW,ESTABLISHED -m comment --comment ftpctl: passive 40000-40100/tcp -j ACCEPT"],
      ["active", "20/tcp", "-p tcp -m tcp --dport 20 -m conntrack --ctstate ESTABLISHED -m comment --comment ftpctl: active data from 20/tcp -j ACCEPT"],
    ]);
    // The comment is one argument, spaces and all.
    expect(rules[0]!.spec).toContain("ftpctl: control 21/tcp");
  });

  it("the same rules for IPv6, with their own ids", () => {
    const v4 = rulesFor(needs, "ipv4");
    const v6 = rulesFor(needs, "ipv6");
    expect(v6.map((r) => r.spec)).toEqual(v4.map((r) => r.spec));
    expect(v6.map((r) => ruleId(r.family, r.ports))).toEqual(["firewall:ipv6:tcp/21", "firewall:ipv6:tcp/40000-40100", "firewall:ipv6:tcp/20"]);
  });

  it("says why the passive range is explicit, naming FTPS when TLS is on", () => {
    expect(rulesFor(needs, "ipv4")[1]!.reason).toMatch(/FTPS.*cannot read the encrypted control channel/);
    expect(rulesFor({ ...needs, tls: false }, "ipv4")[1]!.reason).toMatch(/no longer attaches the FTP conntrack helper/);
  });

  it("active mode from an ephemeral port admits replies by state alone, never NEW", () => {
    const rules = rulesFor({ controlPort: 21, activeEphemeral: true, tls: false }, "ipv4");
    expect(rules.map((r) => r.spec.join(" "))).toEqual([
      "-p tcp -m tcp --dport 21 -m conntrack --ctstate NEW,ESTABLISHED -m comment --comment ftpctl: control 21/tcp -j ACCEPT",
      "-p tcp -m conntrack --ctstate ESTABLISHED -m comment --comment ftpctl: active data replies -j ACCEPT",
    ]);
  });

  it("a one-port range is a single --dport", () => {
    const [, passive] = rulesFor({ controlPort: 21, passive: { min: 40000, max: 40000 }, activeEphemeral: false, tls: false }, "ipv4");
    expect(passive!.spec.slice(0, 5)).toEqual(["-p", "tcp", "-m", "tcp", "--dport"]);
    expect(passive!.spec[5]).toBe("40000");
    expect(passive!.comment).toBe("ftpctl: passive 40000/tcp");
  });
});

describe("argv builders", () => {
  const spec = ["-p", "tcp", "-j", "ACCEPT"];
  const cases: [string, string[], string[]][] = [
    ["check", checkArgv("ipv4", "INPUT", spec), ["iptables", "-w", "5", "-C", "INPUT", ...spec]],
    ["append", insertArgv("ipv4", "INPUT", spec), ["iptables", "-w", "5", "-A", "INPUT", ...spec]],
    ["insert at 3", insertArgv("ipv6", "INPUT", spec, 3), ["ip6tables", "-w", "5", "-I", "INPUT", "3", ...spec]],
    ["delete", deleteArgv("ipv6", "INPUT", spec), ["ip6tables", "-w", "5", "-D", "INPUT", ...spec]],
  ];
  for (const [name, got, want] of cases) it(name, () => expect(got).toEqual(want));
});

describe("reading iptables -S back", () => {
  const split: [string, string[]][] = [
    ["-A INPUT -j ACCEPT", ["-A", "INPUT", "-j", "ACCEPT"]],
    ['-A INPUT -m comment --comment "ftpctl: control 21/tcp" -j ACCEPT', ["-A", "INPUT", "-m", "comment", "--comment", "ftpctl: control 21/tcp", "-j", "ACCEPT"]],
    // What iptables 1.8.9 prints for the comment: ftpctl: a "q" \x
    ['-A INPUT -m comment --comment "ftpctl: a \\"q\\" \\\\x" -j ACCEPT', ["-A", "INPUT", "-m", "comment", "--comment", 'ftpctl: a "q" \\x', "-j", "ACCEPT"]],
    ["-A INPUT -m comment --comment ftpctl:x -j ACCEPT", ["-A", "INPUT", "-m", "comment", "--comment", "ftpctl:x", "-j", "ACCEPT"]],
    ["", []],
  ];
  for (const [line, want] of split) it(`splits ${JSON.stringify(line)}`, () => expect(splitRuleLine(line)).toEqual(want));

  const listing = [
    "-P INPUT DROP",
    "-N LOGDROP",
    "-A INPUT -i lo -j ACCEPT",
    '-A INPUT -p tcp -m tcp --dport 21 -m comment --comment "ftpctl: control 21/tcp" -j ACCEPT',
    '-A INPUT -p tcp -m comment --comment "ssh, not ours" -j ACCEPT',
    '-A LOGDROP -m comment --comment "ftpctl: elsewhere" -j DROP',
    "",
  ].join("\n");

  it("keeps -A lines with their chain, spec and comment", () => {
    const rules = parseListing(listing);
    expect(rules.map((r) => r.chain)).toEqual(["INPUT", "INPUT", "INPUT", "LOGDROP"]);
    expect(rules[1]!.spec).toEqual(["-p", "tcp", "-m", "tcp", "--dport", "21", "-m", "comment", "--comment", "ftpctl: control 21/tcp", "-j", "ACCEPT"]);
  });

  it("finds exactly the rules tagged by ftpctl, in any chain", () => {
    expect(taggedRules(listing).map((r) => r.comment)).toEqual(["ftpctl: control 21/tcp", "ftpctl: elsewhere"]);
  });
});

describe("where a new rule goes", () => {
  const catchAll: [string, boolean][] = [
    ["-A INPUT -j DROP", true],
    ["-A INPUT -j REJECT --reject-with icmp-host-prohibited", true],
    ["-A INPUT -p tcp -j REJECT --reject-with tcp-reset", true],
    ['-A INPUT -m comment --comment "default deny" -j DROP', true],
    ["-A INPUT -p udp -j DROP", false],
    ["-A INPUT -s 192.0.2.0/24 -j DROP", false],
    ["-A INPUT -i eth0 -j DROP", false],
    ["-A INPUT -j ACCEPT", false],
    ["-A INPUT -j LOG", false],
    ["-A INPUT -m conntrack --ctstate INVALID -j DROP", false],
  ];
  for (const [line, want] of catchAll) it(`${line}: ${want ? "catch-all" : "not a catch-all"}`, () => expect(isCatchAll(parseListing(line)[0]!)).toBe(want));

  it("appends when nothing ends the chain", () => {
    expect(insertPosition("-P INPUT DROP\n-A INPUT -i lo -j ACCEPT\n-A INPUT -s 192.0.2.0/24 -j DROP\n", "INPUT")).toBeUndefined();
  });

  it("goes right before the first catch-all, counting only that chain's rules", () => {
    const text = ["-A OUTPUT -j ACCEPT", "-A INPUT -i lo -j ACCEPT", "-A INPUT -s 192.0.2.0/24 -j DROP", "-A INPUT -j REJECT --reject-with icmp-host-prohibited", "-A INPUT -j DROP"].join("\n");
    expect(insertPosition(text, "INPUT")).toBe(3);
  });
});

describe("nftables: native input chains, not iptables-nft's", () => {
  const debianDefault = `table inet filter {
	chain input {
		type filter hook input priority filter; policy drop;
	}
	chain forward {
		type filter hook forward priority filter;
	}
}`;
  const iptablesNft = `table ip filter {
	chain INPUT {
		type filter hook input priority filter; policy accept;
		tcp dport 21 ct state new,established counter packets 0 bytes 0 accept
	}
}
table ip6 filter {
	chain INPUT {
		type filter hook input priority filter; policy drop;
	}
}`;
  const natOnly = `table ip nat {
	chain postrouting {
		type nat hook postrouting priority srcnat; policy accept;
	}
}`;
  const cases: [string, string, { family: string; table: string; chain: string; policy?: string }[]][] = [
    ["Debian's /etc/nftables.conf shape", debianDefault, [{ family: "inet", table: "filter", chain: "input", policy: "drop" }]],
    ["iptables-nft's own tables", iptablesNft, []],
    ["a native table that does not filter input", natOnly, []],
    ["an empty ruleset", "", []],
    ["both", `${iptablesNft}\n${debianDefault}`, [{ family: "inet", table: "filter", chain: "input", policy: "drop" }]],
  ];
  for (const [name, text, want] of cases) it(name, () => expect(nativeInputChains(text)).toEqual(want));
});

describe("what to run where ftpctl does not write the rules", () => {
  const needs: FirewallNeeds = { controlPort: 21, passive: { min: 40000, max: 40100 }, activeFromPort: 20, activeEphemeral: false, tls: true };

  it("firewalld: permanent ports, then a reload", () => {
    expect(firewalldCommands(needs)).toEqual(["firewall-cmd --permanent --add-port=21/tcp --add-port=40000-40100/tcp && firewall-cmd --reload"]);
  });
  it("ufw: colon ranges", () => {
    expect(ufwCommands(needs)).toEqual(["ufw allow 21/tcp && ufw allow 40000:40100/tcp"]);
  });
  it("nftables: into the chain that filters input, port 20 replies included", () => {
    expect(nftCommands(needs, { family: "inet", table: "filter", chain: "input" })).toEqual([
      "nft insert rule inet filter input tcp dport { 21, 40000-40100 } ct state new,established accept",
      "nft insert rule inet filter input tcp dport 20 ct state established accept",
    ]);
  });
  it("no passive range: just the control port", () => {
    expect(ufwCommands({ controlPort: 2121, activeEphemeral: false, tls: false })).toEqual(["ufw allow 2121/tcp"]);
  });
  it("says how to keep rules across a reboot on each distro", () => {
    expect(notPersistedAdvice("debian")).toMatch(/apt-get install iptables-persistent/);
    expect(notPersistedAdvice("rhel")).toMatch(/dnf install iptables-services/);
    expect(notPersistedAdvice("upstream")).toMatch(/iptables-save/);
  });
});
