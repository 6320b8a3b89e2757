/** Small facts several resources share: who is jailed where, the anonymous root, root's ids. */
import { DISTRO_PATHS } from "../../host/distro.js";
import { chrootListUsers } from "../../profile/to-options.js";
import type { ProfileUser } from "../../profile/types.js";
import type { Accounts } from "../accounts.js";
import { optionOn, optionString, type ProvisionContext } from "../context.js";
import type { Executor } from "../executor.js";
import type { Change } from "../resource.js";

export const ROOT_SKIP = "skipped under --root: this changes the live system, not the staging tree";

/** A change that would run a system command (useradd, apt-get, systemctl); under --root it is listed, not made. */
export function skippedChange(id: string, summary: string, reason?: string): Change {
  return { id, action: "create", summary, before: "not checked under --root", skipped: ROOT_SKIP, ...(reason ? { reason } : {}) };
}

/**
 * Owner ids for files ftpctl writes as root. A staging root prepared by an
 * unprivileged user (packaging) gets that user's ids: only root can give
 * files away.
 */
export function rootIds(exec: Executor): { uid: number; gid: number } {
  const uid = process.getuid?.() ?? 0;
  if (exec.root !== undefined && uid !== 0) return { uid, gid: process.getgid?.() ?? 0 };
  return { uid: 0, gid: 0 };
}

export function nologinShell(ctx: ProvisionContext): string {
  return DISTRO_PATHS[ctx.distro].nologin;
}

/** Where the distro's package puts the anonymous account's home. */
export const DEFAULT_ANON_HOME: Readonly<Record<string, string>> = { debian: "/srv/ftp", rhel: "/var/ftp", upstream: "/srv/ftp" };

export function anonName(ctx: ProvisionContext): string {
  return optionString(ctx, "ftp_username") ?? "ftp";
}

/** The anonymous root: anon_root, else the anonymous account's home (as vsftpd decides). */
export function anonRoot(ctx: ProvisionContext, accounts?: Accounts): string {
  return optionString(ctx, "anon_root") ?? accounts?.user(anonName(ctx))?.home ?? DEFAULT_ANON_HOME[ctx.distro]!;
}

export function anonEnabled(ctx: ProvisionContext): boolean {
  return optionOn(ctx, "anonymous_enable");
}

export function localEnabled(ctx: ProvisionContext): boolean {
  return optionOn(ctx, "local_enable");
}

/** Is this local user chrooted? chroot_local_user, inverted for users on the chroot list. */
export function isJailed(ctx: ProvisionContext, name: string): boolean {
  const all = optionOn(ctx, "chroot_local_user");
  const listed = optionOn(ctx, "chroot_list_enable") && chrootListUsers(ctx.profile).includes(name);
  return all !== listed;
}

/** local_root with user_sub_token replaced, or undefined when there is no local_root. */
export function localRootFor(ctx: ProvisionContext, name: string): string | undefined {
  const root = optionString(ctx, "local_root");
  if (root === undefined) return undefined;
  const token = optionString(ctx, "user_sub_token");
  return token ? root.split(token).join(name) : root;
}

/** True when local_root names one directory per user (it holds user_sub_token). */
export function perUserLocalRoot(ctx: ProvisionContext): boolean {
  const root = optionString(ctx, "local_root");
  const token = optionString(ctx, "user_sub_token");
  return root !== undefined && token !== undefined && root.includes(token);
}

/** The home a new account gets: the profile's, else its own jail root, else /home/NAME. */
export function homeFor(ctx: ProvisionContext, u: ProfileUser): string {
  if (u.home !== undefined) return u.home;
  if (perUserLocalRoot(ctx)) return localRootFor(ctx, u.name)!;
  return `/home/${u.name}`;
}

/** Where a jailed user is chrooted: local_root when set, else the home. */
export function jailRootFor(ctx: ProvisionContext, u: ProfileUser, accounts: Accounts): string {
  return localRootFor(ctx, u.name) ?? accounts.user(u.name)?.home ?? homeFor(ctx, u);
}
