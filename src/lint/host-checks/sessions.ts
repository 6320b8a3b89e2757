/**
 * What vsftpd does at login, as twoprocess.c and secutil.c do it: which
 * account the session runs as, which directories it enters (the home first,
 * then anon_root/local_root), whether it chroots and whether
 * allow_writeable_chroot applies. Per-user files count: vsftpd reads them
 * before it works out the directories.
 */
import { posix } from "node:path";
import type { HostFacts, PasswdEntry } from "../../host/facts.js";
import type { RuleContext } from "../rule.js";
import { chrootedLocal, localLogins, pamStackOf, unreadableList, userlistAllows } from "./logins.js";
import { on, settingsFor, str, type Get } from "./settings.js";
import type { OptionName } from "../../vsftpd/options.js";

export interface SessionPlan {
  readonly kind: "anonymous" | "local" | "guest";
  /** The login name, or a description when any virtual user applies. */
  readonly login: string;
  /** The account whose uid and groups the session runs with. */
  readonly account: PasswdEntry;
  /** Entered first; vsftpd ends the login when it cannot. */
  readonly home: string;
  /** Whether the directories are entered with the account's rights (else as root). */
  readonly asUser: boolean;
  /** anon_root, local_root or the passwd "/./" split, entered after home. */
  readonly extra?: string;
  /** The option that put `extra` there. */
  readonly extraOption?: OptionName;
  /**
   * `extra` as vsftpd prints it in "cannot change directory:": the value
   * after user_sub_token, not resolved against the home directory.
   */
  readonly extraAsWritten?: string;
  readonly chroot: boolean;
  /** allow_writeable_chroot in force: never for anonymous sessions. */
  readonly allowWritable: boolean;
}

export function chrootRoot(p: SessionPlan): string | undefined {
  return p.chroot ? (p.extra ?? p.home) : undefined;
}

function sub(path: string, token: string | null, name: string): string {
  return token ? path.split(token).join(name) : path;
}

function dirs(get: Get, account: PasswdEntry, login: string): Pick<SessionPlan, "home" | "extra" | "extraOption" | "extraAsWritten"> {
  const token = str(get, "user_sub_token");
  let home = sub(account.home, token, login);
  const localRoot = str(get, "local_root");
  let extra = localRoot === null ? undefined : sub(localRoot, token, login);
  let extraOption: OptionName = "local_root";
  const split = home.indexOf("/./");
  if (on(get, "passwd_chroot_enable") && split > 0) {
    home = home.slice(0, split);
    extra = home;
    extraOption = "passwd_chroot_enable";
  }
  if (extra === undefined) return { home };
  // A relative local_root is entered from the home directory.
  return { home, extra: posix.resolve(home, extra), extraOption, extraAsWritten: extra };
}

export function anonymousPlan(ctx: RuleContext, host: HostFacts): SessionPlan | undefined {
  if (!on(ctx.get, "anonymous_enable")) return undefined;
  if (unreadableList(ctx, host)?.option === "userlist_file") return undefined;
  if (!userlistAllows(ctx, host, "anonymous") && !userlistAllows(ctx, host, "ftp")) return undefined;
  const name = str(ctx.get, "ftp_username");
  const account = name === null ? undefined : host.user(name);
  if (!account || name === null) return undefined;
  const get = settingsFor(ctx, host, name);
  const anonRoot = str(get, "anon_root");
  const base = { kind: "anonymous", login: "anonymous", account, home: account.home, asUser: false, chroot: true, allowWritable: false } as const;
  return anonRoot === null ? base : { ...base, extra: posix.resolve(account.home, anonRoot), extraOption: "anon_root", extraAsWritten: anonRoot };
}

function guestPlan(host: HostFacts, get: Get, login: string, chrootIfLocal: boolean): SessionPlan | undefined {
  const name = str(get, "guest_username");
  const account = name === null ? undefined : host.user(name);
  if (!account) return undefined;
  const localPrivs = on(get, "virtual_use_local_privs");
  return {
    kind: "guest",
    login,
    account,
    ...dirs(get, account, login),
    asUser: localPrivs,
    chroot: localPrivs ? chrootIfLocal : true,
    allowWritable: on(get, "allow_writeable_chroot"),
  };
}

const ANY_GUEST = "any guest login";

/**
 * Local and guest logins. Real users are checked one by one; with
 * guest_enable, virtual users are covered by one plan unless user_sub_token
 * makes their directories depend on names only the PAM database knows.
 */
export function localPlans(ctx: RuleContext, host: HostFacts): SessionPlan[] {
  const generic = anyGuestPlan(ctx, host);
  const plans: SessionPlan[] = generic ? [generic] : [];
  for (const u of localLogins(ctx, host)) {
    const get = settingsFor(ctx, host, u.name);
    const chroot = chrootedLocal(ctx, host, u.name);
    if (on(get, "guest_enable")) {
      const p = guestPlan(host, get, u.name, chroot);
      if (p && !(generic && sameDirs(p, generic))) plans.push(p);
      continue;
    }
    plans.push({ kind: "local", login: u.name, account: u, ...dirs(get, u, u.name), asUser: true, chroot, allowWritable: on(get, "allow_writeable_chroot") });
  }
  return plans;
}

function anyGuestPlan(ctx: RuleContext, host: HostFacts): SessionPlan | undefined {
  if (!on(ctx.get, "guest_enable") || !on(ctx.get, "local_enable") || !pamStackOf(ctx, host)?.file) return undefined;
  const token = str(ctx.get, "user_sub_token");
  const guestName = str(ctx.get, "guest_username");
  const guest = guestName === null ? undefined : host.user(guestName);
  const paths = [guest?.home ?? "", str(ctx.get, "local_root") ?? ""];
  if (token !== null && paths.some((p) => p.includes(token))) return undefined;
  return guestPlan(host, (n) => ctx.get(n), ANY_GUEST, on(ctx.get, "chroot_local_user"));
}

function sameDirs(a: SessionPlan, b: SessionPlan): boolean {
  return (
    a.account.name === b.account.name &&
    a.home === b.home &&
    a.extra === b.extra &&
    a.asUser === b.asUser &&
    a.chroot === b.chroot &&
    a.allowWritable === b.allowWritable
  );
}

export function sessionPlans(ctx: RuleContext, host: HostFacts): SessionPlan[] {
  const anon = anonymousPlan(ctx, host);
  return [...(anon ? [anon] : []), ...localPlans(ctx, host)];
}
