/**
 * Which local accounts can log in at all: past the user list, PAM's
 * pam_listfile (/etc/ftpusers) and pam_shells. Accounts that cannot log in
 * never reach the directory and chroot checks, so rules about those ignore them.
 */
import type { HostFacts, LookupError, PasswdEntry } from "../../host/facts.js";
import type { RuleContext } from "../rule.js";
import { loadPamStack, pamDenies, usesPamShells, type PamStack } from "./pam.js";
import { on, str } from "./settings.js";
import type { OptionName } from "../../vsftpd/options.js";

/** Debian's UID_MIN; accounts below it are system accounts nobody logs in with. */
const MIN_LOGIN_UID = 1000;
const NOBODY_UID = 65534;

/** vsftpd's str_contains_line: whole lines split at "\n", compared byte for byte. */
export function containsLine(text: string, line: string): boolean {
  return text.split("\n").includes(line);
}

/** USER-time check against userlist_file; vsftpd reads the list only when local_enable is on. */
export function userlistAllows(ctx: RuleContext, host: HostFacts, name: string): boolean {
  if (!on(ctx.get, "userlist_enable")) return true;
  const file = str(ctx.get, "userlist_file");
  const text = on(ctx.get, "local_enable") && file ? (host.readText(file) ?? "") : "";
  const listed = containsLine(text, name);
  return on(ctx.get, "userlist_deny") ? !listed : listed;
}

export interface UnreadableList {
  readonly option: OptionName;
  readonly path: string;
  readonly code: string;
}

/**
 * A user list or chroot list that vsftpd reads but this process cannot (EACCES
 * as an ordinary user): who logs in, or who is chrooted, is then not known,
 * so the login rules claim nothing (VSF802 says why).
 */
export function unreadableList(ctx: RuleContext, host: HostFacts): UnreadableList | undefined {
  if (!on(ctx.get, "local_enable")) return undefined;
  const lists: [OptionName, boolean][] = [
    ["userlist_file", on(ctx.get, "userlist_enable")],
    ["chroot_list_file", on(ctx.get, "chroot_list_enable")],
  ];
  for (const [option, used] of lists) {
    const path = str(ctx.get, option);
    if (!used || path === null) continue;
    const r = host.read(path);
    if (r.state === "error") return { option, path, code: r.code };
  }
  return undefined;
}

/** Accounts that could log in, by uid: what pam_unix decides from /etc/shadow comes after. */
function loginCandidates(host: HostFacts): PasswdEntry[] {
  return host.users().filter((u) => u.uid >= MIN_LOGIN_UID && u.uid !== NOBODY_UID);
}

/**
 * /etc/shadow could not be read (EACCES as an ordinary user), so which
 * accounts are locked, and so who logs in, is not known: the login rules
 * then claim nothing about local logins (VSF807 says why).
 */
export function shadowUnreadable(ctx: RuleContext, host: HostFacts): LookupError | undefined {
  if (!on(ctx.get, "local_enable")) return undefined;
  for (const u of loginCandidates(host)) {
    const locked = host.passwordLocked(u.name);
    if (typeof locked !== "boolean") return locked;
  }
  return undefined;
}

export function pamStackOf(ctx: RuleContext, host: HostFacts): PamStack | undefined {
  const service = str(ctx.get, "pam_service_name");
  return service === null ? undefined : loadPamStack(host, service);
}

export interface LoginSelection {
  /** Also return users whose shell pam_shells would refuse. */
  readonly anyShell?: boolean;
}

/**
 * Local accounts that can get past PAM and the user list: uid >= 1000 (not
 * nobody), with a usable password (not locked), not refused by pam_listfile (/etc/ftpusers), and with a shell from
 * /etc/shells when the stack uses pam_shells.
 */
export function localLogins(ctx: RuleContext, host: HostFacts, sel: LoginSelection = {}): PasswdEntry[] {
  if (!on(ctx.get, "local_enable")) return [];
  const stack = pamStackOf(ctx, host);
  // A stack that could not be read leaves who gets in unknown (VSF807 says so).
  if (!stack?.file || stack.unchecked || unreadableList(ctx, host) || shadowUnreadable(ctx, host)) return [];
  const shells = new Set(host.shells());
  const checkShell = !sel.anyShell && usesPamShells(stack);
  return loginCandidates(host)
    .filter(
      (u) =>
        host.passwordLocked(u.name) === false &&
        !pamDenies(host, stack, u.name) &&
        userlistAllows(ctx, host, u.name) &&
        (!checkShell || shells.has(u.shell)),
    );
}

/** chroot_local_user, inverted for users in chroot_list_file; decided before per-user files load. */
export function chrootedLocal(ctx: RuleContext, host: HostFacts, name: string): boolean {
  let chroot = on(ctx.get, "chroot_local_user");
  if (on(ctx.get, "chroot_list_enable")) {
    const file = str(ctx.get, "chroot_list_file");
    const text = file === null ? undefined : host.readText(file);
    if (text !== undefined && containsLine(text, name)) chroot = !chroot;
  }
  return chroot;
}
