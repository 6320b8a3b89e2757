/**
 * vsftpd.conf at the distro's path: rendered from the profile, linted (a
 * file with lint errors is never written), owned by root (vsftpd refuses
 * any other owner), replaced atomically, the previous version kept beside it.
 */
import { backupPath } from "../../core/atomic-write.js";
import { DISTRO_PATHS } from "../../host/distro.js";
import type { Finding } from "../../lint/finding.js";
import type { ProvisionContext } from "../context.js";
import { PlanError } from "../errors.js";
import { applyFile, planFile, type FileSpec } from "../files.js";
import type { Resource } from "../resource.js";
import { rootIds } from "./common.js";


export function configPath(ctx: ProvisionContext): string {
  return DISTRO_PATHS[ctx.distro].config;
}

export function configResource(ctx: ProvisionContext, rendered: { readonly text: string; readonly findings: readonly Finding[] }): Resource {
  const path = configPath(ctx);
  const spec = (ids: { uid: number; gid: number }): FileSpec => ({
    path,
    content: rendered.text,
    // RHEL's package ships it 0600, Debian's 0644; an existing file keeps its mode.
    mode: ctx.distro === "rhel" ? 0o600 : 0o644,
    uid: ids.uid,
    gid: ids.gid,
    // The one backup name every command uses (render -o, lint --fix, cert generate --force).
    backup: backupPath(path),
  });
  return {
    kind: "config",
    async plan(exec) {
      const errors = rendered.findings.filter((f) => f.severity === "error");
      if (errors.length) {
        throw new PlanError(
          `the rendered config does not pass lint:\n${errors.map((f) => `${path}:${f.line}:${f.col}: ${f.message} [${f.code}]`).join("\n")}`,
          "fix the profile (the raw vsftpd: section is the usual cause); nothing is written while the config has errors",
        );
      }
      const fp = await planFile(exec, spec(rootIds(exec)), { diff: true });
      return [
        {
          id: `file:${path}`,
          action: fp.action,
          summary:
            fp.action === "noop"
              ? `${path} is current`
              : fp.action === "create"
                ? `write ${path}`
                : `update ${path} (${fp.details.join(", ")}; previous version kept as ${backupPath(path)})`,
          before: fp.before,
          after: fp.after,
          ...(fp.action !== "noop" ? { reason: "rendered from the profile and linted; written atomically, owned by root as vsftpd requires" } : {}),
          ...(fp.diff ? { diff: fp.diff } : {}),
        },
      ];
    },
    async apply(_change, actx) {
      return applyFile(actx.exec, spec(rootIds(actx.exec)));
    },
  };
}
