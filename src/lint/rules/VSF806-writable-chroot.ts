import type { FileInfo, HostFacts } from "../../host/facts.js";
import { reachableBy, writableBy } from "../host-checks/access.js";
import { at, listNames } from "../host-checks/messages.js";
import { chrootRoot, sessionPlans, type SessionPlan } from "../host-checks/sessions.js";
import { on, str, twoProcess } from "../host-checks/settings.js";
import { defineRule, type RuleContext } from "../rule.js";
import type { OptionName } from "../../vsftpd/options.js";

const OOPS = "vsftpd: refusing to run with writable root inside chroot()";

/** A directory's owner and mode, when it is known to be one; a lookup error is VSF804's to report. */
function dirInfo(host: HostFacts, path: string): FileInfo | undefined {
  const found = host.lookup(path);
  return found.state === "found" && found.info.type === "dir" ? found.info : undefined;
}

/**
 * The chroot root, when vsftpd gets as far as it: only when it could enter
 * every directory before it.
 */
function reached(host: HostFacts, p: SessionPlan, root: string): FileInfo | undefined {
  const ok = (path: string) => dirInfo(host, path) !== undefined && (!p.asUser || reachableBy(host, path, p.account));
  return ok(p.home) && ok(root) ? dirInfo(host, root) : undefined;
}

function optionsFor(p: SessionPlan): OptionName[] {
  if (p.kind === "anonymous") return p.extra ? ["anon_root"] : ["ftp_username", "anonymous_enable"];
  if (p.extra) return [p.extraOption ?? "local_root"];
  return p.kind === "guest" ? ["guest_enable"] : ["chroot_local_user", "chroot_list_enable"];
}

export default defineRule({
  code: "VSF806",
  name: "writable-chroot",
  severity: "error",
  category: "host",
  host: true,
  description: "A chroot root the session's account can write to makes vsftpd refuse the login.",
  messages: {
    anonymous:
      `anonymous sessions are chrooted into '{path}', which ftp_username '{account}' can write to: anonymous logins get 500 OOPS (${OOPS}){note}; make it root-owned and not writable (chmod a-w) and upload into a writable subdirectory`,
    local:
      `{who} chrooted into '{path}', which {writer} can write to: their logins get 500 OOPS (${OOPS}); remove write permission (chmod a-w) or set allow_writeable_chroot=YES`,
    guest:
      `guest logins are chrooted into '{path}', which guest_username '{account}' can write to: they get 500 OOPS (${OOPS}); remove write permission (chmod a-w) or set allow_writeable_chroot=YES`,
    secure: `secure_chroot_dir '{path}' is writable by nopriv_user '{account}': every connection gets 500 OOPS (${OOPS})`,
  },
  check(ctx) {
    const host = ctx.host!;
    secureChroot(ctx, host);
    const found = new Map<string, SessionPlan[]>();
    for (const p of sessionPlans(ctx, host)) {
      const root = chrootRoot(p);
      const info = root === undefined || p.allowWritable ? undefined : reached(host, p, root);
      if (root === undefined || !info || !writableBy(host, info, p.account)) continue;
      const key = `${p.kind}\0${root}`;
      found.set(key, [...(found.get(key) ?? []), p]);
    }
    for (const plans of found.values()) {
      const p = plans[0]!;
      const data = {
        path: chrootRoot(p)!,
        account: p.account.name,
        writer: new Set(plans.map((x) => x.account.name)).size === 1 ? p.account.name : "each of them",
        who: plans.length === 1 ? `local user ${p.login} is` : `local users ${listNames(plans.map((x) => x.login))} are`,
        note: on(ctx.get, "allow_writeable_chroot") ? "; allow_writeable_chroot=YES does not apply to anonymous sessions" : "",
      };
      ctx.report({ messageId: p.kind, data, ...at(ctx, ...optionsFor(p)) });
    }
  },
});

/** The pre-login process chroots into secure_chroot_dir as nopriv_user, with the same check. */
function secureChroot(ctx: RuleContext, host: HostFacts): void {
  const path = str(ctx.get, "secure_chroot_dir");
  const name = str(ctx.get, "nopriv_user");
  if (path === null || name === null || !path.startsWith("/") || !twoProcess(ctx)) return;
  const account = host.user(name);
  const st = dirInfo(host, path);
  if (!account || !st || !writableBy(host, st, account)) return;
  ctx.report({ messageId: "secure", data: { path, account: name }, ...at(ctx, "secure_chroot_dir", "nopriv_user") });
}
