/**
 * Lets nologin accounts log in to FTP. The distros' own PAM service for
 * vsftpd requires pam_shells, which refuses any user whose shell is not in
 * /etc/shells: FTP-only accounts get "530 Login incorrect" and vsftpd logs
 * nothing useful. Two ways out:
 *   - add the nologin shell to /etc/shells: every service that checks
 *     pam_shells (and chsh, and some ssh setups) then treats nologin as a
 *     real shell; or
 *   - a dedicated PAM service without pam_shells, used only by vsftpd.
 * ftpctl takes the second: the change stays inside FTP, and the rendered
 * config says which service it uses (pam_service_name=ftpctl-vsftpd). The
 * stack is the distro's own vsftpd stack minus pam_shells; /etc/ftpusers
 * (root and system accounts) still refuses logins.
 */
import { PAM_SERVICE } from "../../profile/to-options.js";
import type { Distro } from "../../vsftpd/option-spec.js";
import type { ProvisionContext } from "../context.js";
import type { Resource } from "../resource.js";
import { applyFile, planFile, type FileSpec } from "../files.js";
import { rootIds } from "./common.js";

export { PAM_SERVICE };
export const PAM_FILE = `/etc/pam.d/${PAM_SERVICE}`;

const HEADER = [
  "# PAM service for vsftpd, managed by ftpctl (pam_service_name=ftpctl-vsftpd).",
  "# The distribution's vsftpd stack without pam_shells, so FTP-only accounts",
  "# with a nologin shell can log in; /etc/ftpusers still refuses root and",
  "# system accounts. Changes here are overwritten by 'ftpctl apply'.",
];

const STACKS: Readonly<Record<Distro, readonly string[]>> = {
  debian: [
    "auth\trequired\tpam_listfile.so item=user sense=deny file=/etc/ftpusers onerr=succeed",
    "@include common-account",
    "@include common-session",
    "@include common-auth",
  ],
  rhel: [
    "#%PAM-1.0",
    "session\toptional\tpam_keyinit.so force revoke",
    "auth\trequired\tpam_listfile.so item=user sense=deny file=/etc/vsftpd/ftpusers onerr=succeed",
    "auth\tinclude\tpassword-auth",
    "account\tinclude\tpassword-auth",
    "session\trequired\tpam_loginuid.so",
    "session\tinclude\tpassword-auth",
  ],
  upstream: ["auth\trequired\tpam_unix.so", "account\trequired\tpam_unix.so", "session\trequired\tpam_unix.so"],
};

export function pamText(distro: Distro): string {
  const stack = STACKS[distro];
  // "#%PAM-1.0" must stay the first line where a distro uses it.
  const first = stack[0]?.startsWith("#%PAM") ? [stack[0]] : [];
  return [...first, ...HEADER, ...stack.slice(first.length)].join("\n") + "\n";
}

/** True when ftpctl picks the PAM service: local logins are on and the profile did not name one (profileToOptions then names PAM_SERVICE). */
export function managesPam(ctx: ProvisionContext): boolean {
  return ctx.options.get("local_enable")?.value === true && ctx.profile.vsftpd?.["pam_service_name"] === undefined;
}

export function pamResource(ctx: ProvisionContext): Resource {
  const spec = (uid: number, gid: number): FileSpec => ({ path: PAM_FILE, content: pamText(ctx.distro), mode: 0o644, uid, gid });
  return {
    kind: "pam",
    async plan(exec) {
      if (!managesPam(ctx)) {
        const own = ctx.profile.vsftpd?.["pam_service_name"];
        return own === undefined
          ? []
          : [{ id: "pam", action: "noop", summary: `PAM service '${String(own)}' is the profile's own: not managed`, reason: "make sure it lets FTP users' shells in (see 'ftpctl lint --host', VSF807)" }];
      }
      const { uid, gid } = rootIds(exec);
      const fp = await planFile(exec, spec(uid, gid), { diff: true });
      return [
        {
          id: `file:${PAM_FILE}`,
          action: fp.action,
          summary: fp.action === "noop" ? `${PAM_FILE} is current` : `${fp.action === "create" ? "create" : "update"} ${PAM_FILE} (${fp.action === "create" ? "new" : fp.details.join(", ")})`,
          before: fp.before,
          after: fp.after,
          reason:
            "FTP users have a nologin shell, and the distribution's vsftpd PAM service requires pam_shells, which would refuse them with 530; " +
            "a dedicated service without pam_shells (pam_service_name=ftpctl-vsftpd in the config) keeps /etc/shells unchanged for every other service",
          ...(fp.diff ? { diff: fp.diff } : {}),
        },
      ];
    },
    async apply(_change, actx) {
      const { uid, gid } = rootIds(actx.exec);
      return applyFile(actx.exec, spec(uid, gid));
    },
  };
}
