/**
 * The vsftpd package (and iptables when the firewall step needs it), through
 * the distro's package manager. Debian's package starts vsftpd on install
 * with its own sample config; the config and service steps that follow
 * replace that config and restart the service.
 */
import { FtpctlError } from "../../core/errors.js";
import type { Distro } from "../../vsftpd/option-spec.js";
import type { ProvisionContext } from "../context.js";
import { PlanError } from "../errors.js";
import type { Executor } from "../executor.js";
import type { ApplyContext, Change, Resource } from "../resource.js";
import { skippedChange } from "./common.js";

/** Package names per distro for the programs apply needs. */
export const PACKAGE_NAMES: Readonly<Record<"vsftpd" | "iptables", Readonly<Record<Distro, string>>>> = {
  vsftpd: { debian: "vsftpd", rhel: "vsftpd", upstream: "vsftpd" },
  iptables: { debian: "iptables", rhel: "iptables-nft", upstream: "iptables" },
};

const INSTALL_TIMEOUT = 15 * 60_000;

async function installed(exec: Executor, distro: Distro, pkg: string): Promise<boolean> {
  if (distro === "debian") {
    const r = await exec.probe(["dpkg-query", "-W", "-f", "${Status}", pkg]);
    return r.code === 0 && r.stdout.trim().endsWith(" installed");
  }
  if (distro === "rhel") return (await exec.probe(["rpm", "-q", pkg])).code === 0;
  return false;
}

function tail(text: string, lines = 8): string {
  return text.trim().split("\n").slice(-lines).join("\n");
}

/** apt-get's command line for the package step (no recommends: only what vsftpd needs). */
export function aptInstallArgv(pkgs: readonly string[]): string[] {
  return ["apt-get", "install", "-y", "--no-install-recommends", ...pkgs];
}

async function install(exec: Executor, distro: Distro, pkgs: readonly string[], ctx: ApplyContext): Promise<void> {
  if (distro === "debian") {
    const env = { DEBIAN_FRONTEND: "noninteractive" };
    // A fresh host may have nothing but a local package cache.
    const argv = aptInstallArgv(pkgs);
    let r = await exec.run(argv, { env, timeoutMs: INSTALL_TIMEOUT });
    if (r.code !== 0 && /Unable to locate package|has no installation candidate|Failed to fetch|404/.test(r.stderr + r.stdout)) {
      // A brand-new host may never have fetched its package lists.
      ctx.progress("    package lists are out of date: apt-get update");
      await exec.run(["apt-get", "update"], { env, timeoutMs: INSTALL_TIMEOUT });
      r = await exec.run(argv, { env, timeoutMs: INSTALL_TIMEOUT });
    }
    if (r.code !== 0) throw new FtpctlError(`${argv.join(" ")} failed (exit ${r.code}):\n${tail(r.stderr || r.stdout)}`);
    return;
  }
  const tool = (await exec.which("dnf")) ? "dnf" : "yum";
  const argv = [tool, "install", "-y", ...pkgs];
  const r = await exec.run(argv, { timeoutMs: INSTALL_TIMEOUT });
  if (r.code !== 0) throw new FtpctlError(`${argv.join(" ")} failed (exit ${r.code}):\n${tail(r.stderr || r.stdout)}`);
}

export interface PackageNeeds {
  /** True when the firewall step will need iptables and the host has none. */
  iptables(exec: Executor): Promise<boolean>;
}

export function packageResource(ctx: ProvisionContext, needs: PackageNeeds): Resource {
  const distro = ctx.distro;
  return {
    kind: "package",
    async plan(exec) {
      if (exec.root !== undefined) return [skippedChange("package:vsftpd", "install vsftpd")];
      const changes: Change[] = [];
      const want: { program: string; pkg: string; why: string }[] = [{ program: "/usr/sbin/vsftpd", pkg: PACKAGE_NAMES.vsftpd[distro], why: "the FTP server" }];
      if (await needs.iptables(exec)) want.push({ program: "iptables", pkg: PACKAGE_NAMES.iptables[distro], why: "the firewall step adds iptables rules and this host has no iptables" });
      for (const w of want) {
        const have = distro === "upstream" ? (await exec.which(w.program)) !== undefined : await installed(exec, distro, w.pkg);
        if (have) {
          changes.push({ id: `package:${w.pkg}`, action: "noop", summary: `${w.pkg} is installed`, before: "installed", after: "installed" });
          continue;
        }
        if (distro === "upstream") {
          throw new PlanError(`${w.program} is missing and ftpctl does not know this system's package manager`, `install ${w.pkg} by hand, or pass --distro debian or --distro rhel`);
        }
        changes.push({
          id: `package:${w.pkg}`,
          action: "create",
          summary: `install ${w.pkg} (${distro === "debian" ? "apt-get" : "dnf"})`,
          before: "not installed",
          after: "installed",
          reason: w.pkg === "vsftpd" && distro === "debian" ? `${w.why}; Debian's package starts it at once with its sample config, which the config step then replaces` : w.why,
          data: { pkg: w.pkg },
        });
      }
      return changes;
    },
    async apply(change, actx) {
      const pkg = (change.data as { pkg: string }).pkg;
      if (await installed(actx.exec, distro, pkg)) {
        actx.unchanged?.("already installed");
        return;
      }
      await install(actx.exec, distro, [pkg], actx);
      // Packages are not removed on rollback: uninstalling could take away what other software relies on.
    },
  };
}
