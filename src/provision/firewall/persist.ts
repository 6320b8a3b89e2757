/**
 * Saving the running rules so they survive a reboot, the distro's way:
 * `netfilter-persistent save` (Debian's iptables-persistent) writes
 * /etc/iptables/rules.v{4,6}; RHEL's iptables-services loads
 * /etc/sysconfig/ip{,6}tables, which is what `iptables-save` prints.
 */
import { FtpctlError } from "../../core/errors.js";
import type { Distro } from "../../vsftpd/option-spec.js";
import type { Executor } from "../executor.js";
import { taggedRules } from "./listing.js";
import { IPTABLES, type Family } from "./rules.js";

export type PersistMethod =
  | { readonly kind: "netfilter-persistent"; readonly files: Readonly<Record<Family, string>> }
  | { readonly kind: "sysconfig"; readonly files: Readonly<Record<Family, string>> }
  | { readonly kind: "none" };

const NETFILTER_PERSISTENT = { kind: "netfilter-persistent", files: { ipv4: "/etc/iptables/rules.v4", ipv6: "/etc/iptables/rules.v6" } } as const;
const SYSCONFIG = { kind: "sysconfig", files: { ipv4: "/etc/sysconfig/iptables", ipv6: "/etc/sysconfig/ip6tables" } } as const;
/** Installed by iptables-services; the unit that restores /etc/sysconfig/iptables at boot runs it. */
const IPTABLES_INIT = "/usr/libexec/iptables/iptables.init";

export async function persistMethod(exec: Executor, distro: Distro): Promise<PersistMethod> {
  const hasNp = async () => (await exec.which("netfilter-persistent")) !== undefined;
  const hasSysconfig = async () => (await exec.stat(IPTABLES_INIT))?.type === "file";
  const order = distro === "rhel" ? [[hasSysconfig, SYSCONFIG], [hasNp, NETFILTER_PERSISTENT]] as const : [[hasNp, NETFILTER_PERSISTENT], [hasSysconfig, SYSCONFIG]] as const;
  for (const [present, method] of order) if (await present()) return method;
  return { kind: "none" };
}

/** The ftpctl comments in the saved rules of one family, sorted; empty when nothing is saved. */
export async function savedComments(exec: Executor, method: PersistMethod, family: Family): Promise<string[]> {
  if (method.kind === "none") return [];
  const text = (await exec.readFile(method.files[family]))?.toString("utf8") ?? "";
  return taggedRules(text).map((r) => r.comment!).sort();
}

export function describeMethod(method: PersistMethod): string {
  switch (method.kind) {
    case "netfilter-persistent":
      return "netfilter-persistent save";
    case "sysconfig":
      return `iptables-save > ${method.files.ipv4}, ip6tables-save > ${method.files.ipv6}`;
    default:
      return "not saved";
  }
}

/**
 * Saves the running rules; returns an undo that puts the previous saved
 * files back (or removes them when there were none).
 */
export async function saveRules(exec: Executor, method: PersistMethod, families: readonly Family[]): Promise<() => Promise<void>> {
  if (method.kind === "none") return async () => {};
  const before = new Map<string, Buffer | undefined>();
  for (const f of families) before.set(method.files[f], await exec.readFile(method.files[f]));

  if (method.kind === "netfilter-persistent") {
    const r = await exec.run(["netfilter-persistent", "save"], { timeoutMs: 30_000 });
    if (r.code !== 0) throw new FtpctlError(`netfilter-persistent save failed (exit ${r.code}): ${(r.stderr || r.stdout).trim()}`);
  } else {
    for (const f of families) {
      const dump = await exec.probe([`${IPTABLES[f]}-save`], { timeoutMs: 30_000 });
      if (dump.code !== 0) throw new FtpctlError(`${IPTABLES[f]}-save failed (exit ${dump.code}): ${dump.stderr.trim()}`);
      await exec.writeFile(method.files[f], dump.stdout, { mode: 0o600, uid: 0, gid: 0 });
    }
  }
  return async () => {
    for (const [file, old] of before) {
      if (old === undefined) await exec.remove(file);
      else await exec.writeFile(file, old, { mode: 0o600, uid: 0, gid: 0 });
    }
  };
}
