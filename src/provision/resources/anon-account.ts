/**
 * The account anonymous sessions run as (ftp_username, "ftp"): a system
 * account with the distro's nologin shell whose home is the anonymous root.
 * An existing account is never modified: one with a login shell or another
 * home belongs to someone else, and the plan stops with the conflict.
 */
import { FtpctlError } from "../../core/errors.js";
import { NOLOGIN_SHELLS, readAccounts, runShadowTool } from "../accounts.js";
import type { ProvisionContext } from "../context.js";
import { PlanError } from "../errors.js";
import type { Resource } from "../resource.js";
import { anonEnabled, anonName, anonRoot, nologinShell, skippedChange } from "./common.js";

interface Data {
  readonly name: string;
  readonly home: string;
  readonly shell: string;
}

export function anonAccountResource(ctx: ProvisionContext): Resource {
  return {
    kind: "account",
    async plan(exec) {
      if (!anonEnabled(ctx)) return [];
      const name = anonName(ctx);
      const shell = nologinShell(ctx);
      if (exec.root !== undefined) return [skippedChange(`account:${name}`, `create the anonymous FTP account ${name}`)];
      const accounts = await readAccounts(exec);
      const home = anonRoot(ctx, accounts);
      const u = accounts.user(name);
      const data: Data = { name, home, shell };
      if (!u) {
        return [
          {
            id: `account:${name}`,
            action: "create",
            summary: `create the system account ${name} for anonymous sessions`,
            before: "absent",
            after: `system account, home ${home}, shell ${shell}`,
            reason: "vsftpd runs anonymous sessions as this account; a nologin shell keeps it from logging in anywhere else",
            data,
          },
        ];
      }
      const problems: string[] = [];
      if (!NOLOGIN_SHELLS.has(u.shell)) problems.push(`has the login shell ${u.shell}`);
      if (u.home !== home) problems.push(`has the home ${u.home}, not the anonymous root ${home}`);
      if (problems.length) {
        throw new PlanError(
          `account ${name} already exists and ${problems.join(" and ")}; ftpctl does not change an account it did not create`,
          u.home !== home && NOLOGIN_SHELLS.has(u.shell)
            ? `set anonymous.root: ${u.home} in the profile, or change the account yourself (usermod -d ${home} ${name})`
            : `if this account is not meant for FTP, pick another with vsftpd.ftp_username; otherwise give it a nologin shell yourself (usermod -s ${shell} ${name})`,
        );
      }
      return [{ id: `account:${name}`, action: "noop", summary: `${name} is a nologin account with home ${home}`, before: `home ${u.home}, shell ${u.shell}`, after: `home ${u.home}, shell ${u.shell}` }];
    },
    async apply(change, actx) {
      const { name, home, shell } = change.data as Data;
      const exec = actx.exec;
      const accounts = await readAccounts(exec);
      const now = accounts.user(name);
      if (now) {
        // Created since planning, by the package install a step earlier (Debian's postinst adds "ftp").
        if (!NOLOGIN_SHELLS.has(now.shell)) throw new FtpctlError(`account ${name} appeared during apply with the login shell ${now.shell}; not changing it`);
        if (now.home === home) {
          actx.unchanged?.("created by the vsftpd package");
          return;
        }
        const r = await runShadowTool(exec, ["usermod", "-d", home, name]);
        if (r.code !== 0) throw new FtpctlError(`usermod -d ${home} ${name} failed (exit ${r.code}): ${r.stderr.trim()}`);
        return async () => void (await runShadowTool(exec, ["usermod", "-d", now.home, name]));
      }
      // -M: the directories step creates the anonymous root root-owned and read-only; useradd would give it to the account.
      const argv = ["useradd", "-r", "-M", "-d", home, "-s", shell, "-c", "anonymous FTP (ftpctl)"];
      if (accounts.group(name)) argv.push("-g", name);
      argv.push(name);
      const r = await runShadowTool(exec, argv);
      if (r.code !== 0) throw new FtpctlError(`${argv.join(" ")} failed (exit ${r.code}): ${r.stderr.trim()}`);
      return async () => {
        const d = await runShadowTool(exec, ["userdel", name]);
        if (d.code !== 0) throw new FtpctlError(`userdel ${name} failed (exit ${d.code}): ${d.stderr.trim()}`);
      };
    },
  };
}
