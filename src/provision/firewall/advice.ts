/**
 * What to run by hand where ftpctl does not write the rules itself
 * (firewalld, ufw, native nftables), and how to keep iptables rules across
 * a reboot where no persistence tool is installed. Pure: text only.
 */
import type { Distro } from "../../vsftpd/option-spec.js";
import type { NftChain } from "./detect.js";
import type { FirewallNeeds } from "./rules.js";

/** Ports that must accept new connections: "21", "40000-40100" (firewalld and nft spelling). */
function openPorts(needs: FirewallNeeds, sep: "-" | ":"): string[] {
  const ports = [String(needs.controlPort)];
  if (needs.passive) {
    const { min, max } = needs.passive;
    ports.push(min === max ? String(min) : `${min}${sep}${max}`);
  }
  return ports;
}

export function firewalldCommands(needs: FirewallNeeds): string[] {
  const adds = openPorts(needs, "-").map((p) => `--add-port=${p}/tcp`);
  return [`firewall-cmd --permanent ${adds.join(" ")} && firewall-cmd --reload`];
}

export function ufwCommands(needs: FirewallNeeds): string[] {
  return [openPorts(needs, ":").map((p) => `ufw allow ${p}/tcp`).join(" && ")];
}

export function nftCommands(needs: FirewallNeeds, chain: NftChain): string[] {
  const at = `${chain.family} ${chain.table} ${chain.chain}`;
  const ports = openPorts(needs, "-");
  const set = ports.length === 1 ? ports[0]! : `{ ${ports.join(", ")} }`;
  const cmds = [`nft insert rule ${at} tcp dport ${set} ct state new,established accept`];
  if (needs.activeFromPort !== undefined) cmds.push(`nft insert rule ${at} tcp dport ${needs.activeFromPort} ct state established accept`);
  else if (needs.activeEphemeral) cmds.push(`nft insert rule ${at} ct state established accept`);
  return cmds;
}

/** Ports as a person reads them: "21/tcp and 40000-40100/tcp". */
export function portsInWords(needs: FirewallNeeds): string {
  return openPorts(needs, "-").map((p) => `${p}/tcp`).join(" and ");
}

export const NO_HELPER_NOTE =
  "Open the passive range itself; do not rely on an 'ftp' service or the FTP conntrack helper, which cannot read an encrypted (FTPS) control channel.";

export function notPersistedAdvice(distro: Distro): string {
  switch (distro) {
    case "debian":
      return "netfilter-persistent is not installed, so these rules are lost at the next reboot; to keep them: apt-get install iptables-persistent (it saves the current rules as it installs; later: netfilter-persistent save)";
    case "rhel":
      return "iptables-services is not installed, so these rules are lost at the next reboot; to keep them: dnf install iptables-services && systemctl enable iptables ip6tables && service iptables save && service ip6tables save";
    default:
      return "no rule-saving tool was found, so these rules are lost at the next reboot; to keep them, save them with iptables-save and ip6tables-save and load them at boot with iptables-restore and ip6tables-restore";
  }
}
