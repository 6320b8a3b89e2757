/**
 * The two user lists the rendered config turns on.
 *   - The chroot list (chroot_list_file) names the users whose jail status is
 *     the opposite of chroot_local_user: the exceptions when everyone is
 *     jailed, the jailed when nobody is.
 *   - The user list (userlist_file) with userlist_deny=NO is an allow-list,
 *     checked at USER time for every name, anonymous logins included
 *     (prelogin.c). So when anonymous access is on, "anonymous" and "ftp"
 *     (and ftp_username) are listed too, or vsftpd answers them with 530
 *     Permission denied; an empty allow-list refuses everyone. Checked with
 *     vsftpd 3.0.3.
 * Each file holds one name per line; vsftpd compares whole lines, so the
 * header comment can never match a user name.
 */
import { chrootListUsers, listPaths } from "../../profile/to-options.js";
import { optionOn, optionString, optionValue, type ProvisionContext } from "../context.js";
import { applyFile, planFile, type FileSpec } from "../files.js";
import type { Change, Resource } from "../resource.js";
import { anonEnabled, anonName, rootIds } from "./common.js";

const HEADER = "# Managed by ftpctl from the profile: edit the profile, not this file.";

export interface ListSpec {
  readonly path: string;
  readonly names: readonly string[];
  readonly why: string;
  /** Only create it when missing (a deny list ftpctl did not write). */
  readonly createOnly?: boolean;
}

export function listSpecs(ctx: ProvisionContext): ListSpec[] {
  const specs: ListSpec[] = [];
  const paths = listPaths(ctx.distro);
  if (optionOn(ctx, "local_enable") && optionOn(ctx, "chroot_list_enable")) {
    const jailAll = optionOn(ctx, "chroot_local_user");
    specs.push({
      path: optionString(ctx, "chroot_list_file") ?? paths.chroot,
      names: chrootListUsers(ctx.profile),
      why: jailAll ? "chroot_local_user=YES: the users listed here are NOT jailed" : "chroot_local_user=NO: the users listed here ARE jailed",
    });
  }
  // vsftpd reads the user list only when local logins are on.
  if (optionOn(ctx, "local_enable") && optionOn(ctx, "userlist_enable")) {
    const path = optionString(ctx, "userlist_file") ?? paths.userlist;
    if (optionValue(ctx, "userlist_deny") === false) {
      const names = new Set((ctx.profile.users ?? []).map((u) => u.name));
      if (anonEnabled(ctx)) for (const n of ["anonymous", "ftp", anonName(ctx)]) names.add(n);
      specs.push({
        path,
        names: [...names].sort(),
        why: `userlist_deny=NO: only the users listed here may log in${anonEnabled(ctx) ? " (anonymous logins are checked by name too, so 'anonymous' and 'ftp' are listed)" : ""}`,
      });
    } else {
      specs.push({ path, names: ["root"], createOnly: true, why: "userlist_deny=YES: users listed here are refused; vsftpd refuses every session when the file is missing" });
    }
  }
  return specs;
}

/** The file a list becomes: the header, then one name per line. */
export function listText(s: ListSpec): string {
  return [HEADER, ...s.names].join("\n") + "\n";
}

export const LIST_MODE = 0o644;

function fileSpec(s: ListSpec, ids: { uid: number; gid: number }): FileSpec {
  return { path: s.path, content: listText(s), mode: LIST_MODE, uid: ids.uid, gid: ids.gid };
}

export function listsResource(ctx: ProvisionContext): Resource {
  return {
    kind: "lists",
    async plan(exec) {
      const changes: Change[] = [];
      for (const s of listSpecs(ctx)) {
        const fp = await planFile(exec, fileSpec(s, rootIds(exec)), { diff: true });
        const action = s.createOnly && fp.action === "update" ? "noop" : fp.action;
        changes.push({
          id: `file:${s.path}`,
          action,
          summary: action === "noop" ? `${s.path} is current` : `${action === "create" ? "write" : "update"} ${s.path}: ${s.names.length ? s.names.join(", ") : "(no names)"}`,
          before: fp.before,
          after: action === "noop" ? fp.before : fp.after,
          reason: s.why,
          ...(action !== "noop" && fp.diff ? { diff: fp.diff } : {}),
          data: { path: s.path },
        });
      }
      return changes;
    },
    async apply(change, actx) {
      const path = (change.data as { path: string }).path;
      const s = listSpecs(ctx).find((l) => l.path === path)!;
      return applyFile(actx.exec, fileSpec(s, rootIds(actx.exec)));
    },
  };
}
