import { posix } from "node:path";
import type { HostFacts, PasswdEntry } from "../../host/facts.js";
import { reachableBy } from "../host-checks/access.js";
import { at, listNames, needsRoot, needsRootWhy, uncheckedWhy } from "../host-checks/messages.js";
import { sessionPlans, type SessionPlan } from "../host-checks/sessions.js";
import { str, twoProcess } from "../host-checks/settings.js";
import { defineRule, type RuleContext } from "../rule.js";
import type { OptionName } from "../../vsftpd/options.js";

type Problem = { readonly refused: string } | Unchecked;

/** Why a path could not be checked; `needsRoot` when only this process lacks the rights. */
interface Unchecked {
  readonly unchecked: string;
  readonly needsRoot: boolean;
}

function lookupFailed(host: HostFacts, code: string): Unchecked {
  return needsRoot(host, code) ? { unchecked: needsRootWhy("looking it up", code), needsRoot: true } : { unchecked: uncheckedWhy(host, "looking it up", code), needsRoot: false };
}

/** Why vsftpd cannot chdir into `path`, entering it as root or as `account`, or why that could not be checked. */
function problem(host: HostFacts, path: string, account: PasswdEntry, asUser: boolean): Problem | undefined {
  const found = host.lookup(path);
  if (found.state === "missing") return { refused: "does not exist" };
  // EACCES or ELOOP says nothing about existence: reported as not checked, never as missing.
  if (found.state === "error") return lookupFailed(host, found.code);
  if (found.info.type !== "dir") return { refused: "is not a directory" };
  if (asUser && !reachableBy(host, path, account)) return { refused: `cannot be entered by ${account.name}` };
  return undefined;
}

function whoOf(plans: readonly SessionPlan[]): string {
  const p = plans[0]!;
  if (p.kind === "anonymous") return "anonymous logins";
  if (p.kind === "guest") return "guest logins";
  return `logins of ${listNames(plans.map((x) => x.login))}`;
}

function homeOf(p: SessionPlan): string {
  if (p.kind === "anonymous") return `the home directory of ftp_username '${p.account.name}' (${p.home})`;
  if (p.kind === "guest") return `the home directory of guest_username '${p.account.name}' (${p.home})`;
  return `home directory '${p.home}'`;
}

interface Pending {
  readonly messageId: "home" | "anonHome" | "root" | "rootIgnored";
  /** Set when the directory could not be checked: why, reported as "unchecked" instead of messageId. */
  readonly unchecked?: string;
  readonly needsRoot?: boolean;
  readonly path: string;
  /** The path as vsftpd prints it, when that differs (a relative local_root or anon_root). */
  readonly written?: string;
  readonly problem: string;
  readonly options: readonly OptionName[];
  readonly severity?: "warning";
  readonly plans: SessionPlan[];
  readonly what: string;
}

export default defineRule({
  code: "VSF804",
  name: "missing-directory",
  severity: "error",
  category: "host",
  host: true,
  description: "A directory vsftpd enters (secure_chroot_dir, a home, anon_root, local_root, user_config_dir) is missing.",
  messages: {
    secureMissing:
      "secure_chroot_dir '{path}'{origin} does not exist: every connection gets 500 OOPS (vsftpd: not found: directory given in 'secure_chroot_dir':{path})",
    secureNotDir: "secure_chroot_dir '{path}' is not a directory: every connection gets 500 OOPS (cannot change directory:{path})",
    home: "{what} {problem}: {who} get 500 OOPS (cannot change directory:{path})",
    anonHome:
      "{what} {problem}: anonymous logins get 500 OOPS (cannot change directory:{path}); vsftpd enters it even when anon_root is set",
    root: "{option} '{written}'{resolved} {problem}: {who} get 500 OOPS (cannot change directory:{written})",
    rootIgnored:
      "local_root '{written}'{resolved} {problem}: without chroot vsftpd silently ignores it and {who} land in their home directories",
    userConfNotDir: "user_config_dir '{path}' is not a directory: every login gets 500 OOPS (error opening per-user config file)",
    userConfMissing: "user_config_dir '{path}' does not exist: vsftpd ignores it, so no per-user settings apply",
    unchecked: "{subject} could not be checked: {why}; if vsftpd meets the same error, {effect}",
    needsRoot: "not checked: needs root: {subject} ({why}); run lint --host as root to check it",
  },
  check(ctx) {
    const host = ctx.host!;
    secureChrootDir(ctx, host);
    userConfigDir(ctx, host);
    const pending = new Map<string, Pending>();
    const add = (p: Omit<Pending, "plans">, plan: SessionPlan) => {
      const key = `${p.messageId}\0${p.path}\0${p.written ?? ""}\0${plan.kind}\0${p.unchecked ?? ""}`;
      const found = pending.get(key);
      if (found) found.plans.push(plan);
      else pending.set(key, { ...p, plans: [plan] });
    };
    for (const plan of sessionPlans(ctx, host)) {
      const homeProblem = problem(host, plan.home, plan.account, plan.asUser);
      if (homeProblem) {
        const options: OptionName[] = plan.kind === "anonymous" ? ["ftp_username", "anonymous_enable"] : plan.kind === "guest" ? ["guest_username", "guest_enable"] : ["local_enable"];
        add({ messageId: plan.kind === "anonymous" ? "anonHome" : "home", path: plan.home, ...split(homeProblem), options, what: homeOf(plan) }, plan);
        continue;
      }
      if (plan.extra === undefined) continue;
      const extraProblem = problem(host, plan.extra, plan.account, plan.asUser);
      if (!extraProblem) continue;
      const options = [plan.extraOption ?? "local_root"];
      const extra = { path: plan.extra, ...split(extraProblem), options, what: "", ...(plan.extraAsWritten ? { written: plan.extraAsWritten } : {}) };
      if (plan.chroot) add({ messageId: "root", ...extra }, plan);
      else add({ messageId: "rootIgnored", ...extra, severity: "warning" }, plan);
    }
    for (const p of pending.values()) {
      const written = p.written ?? p.path;
      const resolved = p.written !== undefined && !p.written.startsWith("/") ? ` (entered from the home directory: ${p.path})` : "";
      const who = whoOf(p.plans);
      const option = p.options[0]!;
      if (p.unchecked !== undefined) {
        const subject = p.messageId === "home" || p.messageId === "anonHome" ? p.what : `${option} '${written}'${resolved}`;
        const effect =
          p.messageId === "rootIgnored"
            ? `vsftpd ignores it and ${who} land in their home directories`
            : `${who} get 500 OOPS (cannot change directory:${p.messageId === "root" ? written : p.path})`;
        if (p.needsRoot) ctx.report({ messageId: "needsRoot", severity: "info", data: { subject, why: p.unchecked }, ...at(ctx, ...p.options) });
        else ctx.report({ messageId: "unchecked", severity: "warning", data: { subject, why: p.unchecked, effect }, ...at(ctx, ...p.options) });
        continue;
      }
      ctx.report({
        messageId: p.messageId,
        data: { what: p.what, path: p.path, written, resolved, problem: p.problem, who, option },
        ...(p.severity ? { severity: p.severity } : {}),
        ...at(ctx, ...p.options),
      });
    }
  },
});

function split(p: Problem): { problem: string; unchecked?: string; needsRoot?: boolean } {
  return "refused" in p ? { problem: p.refused } : { problem: "", unchecked: p.unchecked, needsRoot: p.needsRoot };
}

function secureChrootDir(ctx: RuleContext, host: HostFacts): void {
  const path = str(ctx.get, "secure_chroot_dir");
  if (path === null || !path.startsWith("/") || !twoProcess(ctx)) return;
  const where = at(ctx, "secure_chroot_dir");
  const effect = `every connection gets 500 OOPS (cannot change directory:${path})`;
  const subject = `secure_chroot_dir '${path}'`;
  const unchecked = (code: string) =>
    needsRoot(host, code)
      ? ctx.report({ messageId: "needsRoot", severity: "info", data: { subject, why: needsRootWhy("looking it up", code) }, ...where })
      : ctx.report({ messageId: "unchecked", severity: "warning", data: { subject, why: uncheckedWhy(host, "looking it up", code), effect }, ...where });
  // vsftpd tests with lstat, so a symlink passes the first check and is then entered.
  const link = host.lookupLink(path);
  if (link.state === "error") return unchecked(link.code);
  if (link.state === "missing") {
    ctx.report({ messageId: "secureMissing", data: { path, origin: ctx.isSet("secure_chroot_dir") ? "" : " (the compiled default)" }, ...where });
    return;
  }
  const found = host.lookup(path);
  if (found.state === "error") return unchecked(found.code);
  if (found.state === "missing" || found.info.type !== "dir") ctx.report({ messageId: "secureNotDir", data: { path }, ...where });
}

/**
 * vsftpd stats user_config_dir/<user> at login: "not found" is fine, any
 * other failure (a file where a directory should be) ends the login.
 */
function userConfigDir(ctx: RuleContext, host: HostFacts): void {
  const path = str(ctx.get, "user_config_dir");
  if (path === null || !path.startsWith("/")) return;
  const where = at(ctx, "user_config_dir");
  let probe = posix.normalize(path);
  let found = host.lookup(probe);
  while (found.state === "missing" && probe !== "/") {
    probe = posix.dirname(probe);
    found = host.lookup(probe);
  }
  if (found.state === "error") {
    const failed = lookupFailed(host, found.code);
    const why = failed.unchecked + (probe === posix.normalize(path) ? "" : ` at '${probe}'`);
    const subject = `user_config_dir '${path}'`;
    if (failed.needsRoot) ctx.report({ messageId: "needsRoot", severity: "info", data: { subject, why }, ...where });
    else ctx.report({ messageId: "unchecked", severity: "warning", data: { subject, why, effect: "logins get 500 OOPS (error opening per-user config file)" }, ...where });
  } else if (found.state === "found" && found.info.type !== "dir") ctx.report({ messageId: "userConfNotDir", data: { path }, ...where });
  else if (probe !== posix.normalize(path)) ctx.report({ messageId: "userConfMissing", severity: "warning", data: { path }, ...where });
}
