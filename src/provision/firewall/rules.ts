/**
 * What the firewall must let in for a vsftpd config, as iptables rules. Pure:
 * options in, argv out; the resource in ../resources/firewall.ts probes and
 * applies them.
 *
 * Every rule is self-contained: it matches `--ctstate NEW,ESTABLISHED` on its
 * own ports, so it works on a host whose INPUT chain has a DROP policy and no
 * general "accept established" rule, and ftpctl never adds a rule that opens
 * more than FTP's ports. Replies the server sends leave through OUTPUT, which
 * ftpctl leaves alone (a DROP policy there is the operator's to open).
 *
 * The passive range is always opened explicitly. The nf_conntrack_ftp helper
 * could open data ports as RELATED, but the kernel stopped attaching it
 * automatically in 4.7, and with FTPS it cannot read the encrypted control
 * channel at all, so a helper-based setup fails exactly when TLS is on.
 */
import type { OptionMap } from "../../profile/to-options.js";
import type { Distro, Value } from "../../vsftpd/option-spec.js";
import { defaultFor, optionSpec } from "../../vsftpd/registry.js";
import { PlanError } from "../errors.js";

export type Family = "ipv4" | "ipv6";
export const FAMILIES: readonly Family[] = ["ipv4", "ipv6"];
export const IPTABLES: Readonly<Record<Family, string>> = { ipv4: "iptables", ipv6: "ip6tables" };

/** Every rule ftpctl adds carries a comment starting with this, and only those are ever removed. */
export const TAG = "ftpctl:";

/** The ports a config needs reachable, after vsftpd's own fallbacks. */
export interface FirewallNeeds {
  readonly controlPort: number;
  /** The passive range, when PASV/EPSV is enabled. */
  readonly passive?: { readonly min: number; readonly max: number };
  /** Active (PORT) data connections from a fixed source port (connect_from_port_20 with ftp_data_port). */
  readonly activeFromPort?: number;
  /** Active data connections from an ephemeral port (port_enable without connect_from_port_20). */
  readonly activeEphemeral: boolean;
  /** FTPS: the conntrack helper cannot follow the control channel. */
  readonly tls: boolean;
}

function value(options: OptionMap, distro: Distro, name: string): Value {
  const set = options.get(name);
  if (set !== undefined) return set.value;
  const spec = optionSpec(name);
  return spec === undefined ? null : defaultFor(spec, distro);
}

function num(options: OptionMap, distro: Distro, name: string): number {
  const v = value(options, distro, name);
  return typeof v === "number" ? v : 0;
}

function bool(options: OptionMap, distro: Distro, name: string): boolean {
  return value(options, distro, name) === true;
}

/**
 * vsftpd 3.0.3 honours pasv_min_port only above 1024 and pasv_max_port only
 * at or above the effective minimum and below 65535; otherwise it falls back
 * to 1024 and 65535. A range that fell back is most of the port space, which
 * is no firewall at all, so it is refused rather than opened.
 */
export function passiveRange(min: number, max: number): { min: number; max: number } {
  const effMin = min > 1024 && min <= 65535 ? min : 1024;
  const effMax = max >= effMin && max < 65535 ? max : 65535;
  if (effMin !== min || effMax !== max) {
    throw new PlanError(
      `the passive range pasv_min_port=${min} pasv_max_port=${max} is not one vsftpd honours ` +
        `(it would use ${effMin}-${effMax}), so the firewall cannot open it`,
      "set passive.minPort and passive.maxPort, 1025-65534 with minPort <= maxPort",
    );
  }
  return { min, max };
}

export function firewallNeeds(options: OptionMap, distro: Distro): FirewallNeeds {
  const port = num(options, distro, "listen_port");
  const active = bool(options, distro, "port_enable");
  const from20 = active && bool(options, distro, "connect_from_port_20");
  return {
    // listen_port is cast to 16 bits and 0 means "kernel-chosen"; neither can be opened meaningfully.
    controlPort: port === 0 ? 21 : port & 0xffff,
    ...(bool(options, distro, "pasv_enable")
      ? { passive: passiveRange(num(options, distro, "pasv_min_port"), num(options, distro, "pasv_max_port")) }
      : {}),
    ...(from20 ? { activeFromPort: num(options, distro, "ftp_data_port") & 0xffff } : {}),
    activeEphemeral: active && !from20,
    tls: bool(options, distro, "ssl_enable"),
  };
}

export type RuleKey = "control" | "passive" | "active" | "active-replies";

export interface FirewallRule {
  readonly family: Family;
  readonly chain: "INPUT";
  readonly key: RuleKey;
  /** "21/tcp", "40000-40100/tcp": for ids and messages. */
  readonly ports: string;
  /** The comment, tag included: how the rule is found again. */
  readonly comment: string;
  /** Everything after the chain name, in the form `iptables -S` prints it back. */
  readonly spec: readonly string[];
  /** Why the rule exists, for the plan. */
  readonly reason: string;
}

function accept(dport: string | undefined, states: string, comment: string): string[] {
  const port = dport === undefined ? [] : ["-m", "tcp", "--dport", dport];
  return ["-p", "tcp", ...port, "-m", "conntrack", "--ctstate", states, "-m", "comment", "--comment", comment, "-j", "ACCEPT"];
}

const HELPER_NOTE =
  "opened explicitly: the kernel no longer attaches the FTP conntrack helper on its own (since 4.7), so RELATED cannot be relied on";
const TLS_NOTE =
  "opened explicitly: with FTPS (ssl_enable=YES) the FTP conntrack helper cannot read the encrypted control channel, so it could never open these ports as RELATED";

/** The rules for one address family, in the order they are added. */
export function rulesFor(needs: FirewallNeeds, family: Family): FirewallRule[] {
  const rules: FirewallRule[] = [];
  const add = (key: RuleKey, ports: string, comment: string, spec: string[], reason: string) =>
    rules.push({ family, chain: "INPUT", key, ports, comment, spec, reason });

  const ctl = `${needs.controlPort}/tcp`;
  const ctlComment = `${TAG} control ${ctl}`;
  add("control", ctl, ctlComment, accept(String(needs.controlPort), "NEW,ESTABLISHED", ctlComment), "FTP control connections (listen_port)");

  if (needs.passive) {
    const { min, max } = needs.passive;
    const ports = min === max ? `${min}/tcp` : `${min}-${max}/tcp`;
    const comment = `${TAG} passive ${ports}`;
    const dport = min === max ? String(min) : `${min}:${max}`;
    add("passive", ports, comment, accept(dport, "NEW,ESTABLISHED", comment), `passive data connections (pasv_min_port-pasv_max_port), ${needs.tls ? TLS_NOTE : HELPER_NOTE}`);
  }

  if (needs.activeFromPort !== undefined) {
    // The server opens the connection (OUTPUT); what INPUT must admit are the
    // client's answers, addressed to the fixed source port. Only ESTABLISHED:
    // nobody may open a connection to port 20.
    const ports = `${needs.activeFromPort}/tcp`;
    const comment = `${TAG} active data from ${ports}`;
    add(
      "active",
      ports,
      comment,
      accept(String(needs.activeFromPort), "ESTABLISHED", comment),
      "active (PORT) data connections leave from this port (connect_from_port_20); the client's replies come back to it",
    );
  } else if (needs.activeEphemeral) {
    // Without connect_from_port_20 the data connection leaves from any port,
    // so only a port-less rule can admit the replies; still never NEW.
    const comment = `${TAG} active data replies`;
    add(
      "active-replies",
      "established/tcp",
      comment,
      accept(undefined, "ESTABLISHED", comment),
      "active (PORT) data connections leave from an ephemeral port (connect_from_port_20=NO), so replies are admitted by state alone",
    );
  }
  return rules;
}

/** Change ids: "firewall:ipv4:tcp/21", "firewall:ipv6:tcp/40000-40100". */
export function ruleId(family: Family, ports: string): string {
  const [range, proto] = ports.split("/");
  return `firewall:${family}:${proto}/${range}`;
}

const WAIT = ["-w", "5"];

/** `iptables -C`: exit 0 when the rule is there, 1 when it is not. */
export function checkArgv(family: Family, chain: string, spec: readonly string[]): string[] {
  return [IPTABLES[family], ...WAIT, "-C", chain, ...spec];
}

/** `-I chain N` before the chain's first catch-all DROP/REJECT, or `-A` when there is none. */
export function insertArgv(family: Family, chain: string, spec: readonly string[], position?: number): string[] {
  return position === undefined
    ? [IPTABLES[family], ...WAIT, "-A", chain, ...spec]
    : [IPTABLES[family], ...WAIT, "-I", chain, String(position), ...spec];
}

export function deleteArgv(family: Family, chain: string, spec: readonly string[]): string[] {
  return [IPTABLES[family], ...WAIT, "-D", chain, ...spec];
}

/** Every rule of the filter table, as `-A CHAIN ...` lines. */
export function listArgv(family: Family): string[] {
  return [IPTABLES[family], ...WAIT, "-S"];
}
