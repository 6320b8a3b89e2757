import { localLogins, shadowUnreadable } from "../host-checks/logins.js";
import { at, listNames, needsRoot, needsRootWhy, uncheckedWhy } from "../host-checks/messages.js";
import { loadPamStack, usesPamShells } from "../host-checks/pam.js";
import { on, str } from "../host-checks/settings.js";
import { defineRule } from "../rule.js";

/**
 * The classic trap: FTP-only accounts get /usr/sbin/nologin, Debian's
 * /etc/pam.d/vsftpd requires pam_shells, and the login fails with a bare
 * "530 Login incorrect" that vsftpd does not explain.
 */
export default defineRule({
  code: "VSF807",
  name: "nologin-shell",
  severity: "warning",
  category: "host",
  host: true,
  description: "Local users whose shell is not in /etc/shells cannot log in when the PAM service uses pam_shells.",
  messages: {
    shell:
      "{who} shell '{shell}', which is not in /etc/shells, and {file} requires pam_shells: their logins fail with 530 Login incorrect; use a dedicated pam_service_name without pam_shells, or add '{shell}' to /etc/shells",
    fallback:
      "PAM service '{service}' has no file in /etc/pam.d, so PAM uses /etc/pam.d/other: local logins still work, but without the FTP service's own checks (such as /etc/ftpusers)",
    virtualFallback:
      "PAM service '{service}' has no file in /etc/pam.d, so PAM uses /etc/pam.d/other: with guest_enable=YES the virtual users cannot log in (530 Login incorrect), since the file that would check them is missing; accounts that other accepts (on Debian, system accounts) log in instead, as guest_username '{guest}'",
    noPam:
      "neither /etc/pam.d/{service} nor /etc/pam.d/other exists: PAM refuses every local login (530 Login incorrect)",
    unchecked:
      "PAM service '{service}' could not be checked: {why} ('{path}'), so which local users can log in is not known and host rules about their logins say nothing",
    needsRoot:
      "not checked: needs root: '{path}' of PAM service '{service}' ({why}), so which local users can log in is not known and host rules about their logins say nothing",
    shadowUnchecked:
      "'/etc/shadow' could not be checked: {why}, so which local accounts are locked, and who can log in, is not known and host rules about their logins say nothing",
    shadowNeedsRoot:
      "not checked: needs root: '/etc/shadow' ({why}), so which local accounts are locked, and who can log in, is not known and host rules about their logins say nothing",
  },
  check(ctx) {
    const host = ctx.host!;
    const service = str(ctx.get, "pam_service_name");
    if (!on(ctx.get, "local_enable") || service === null) return;
    const where = at(ctx, "pam_service_name", "local_enable");
    const stack = loadPamStack(host, service);
    if (stack.unchecked) {
      const { path, doing, code } = stack.unchecked;
      if (needsRoot(host, code)) ctx.report({ messageId: "needsRoot", severity: "info", data: { service, path, why: needsRootWhy(doing, code) }, ...where });
      else ctx.report({ messageId: "unchecked", severity: "warning", data: { service, path, why: uncheckedWhy(host, doing, code) }, ...where });
      return;
    }
    if (!stack.file) {
      ctx.report({ messageId: "noPam", severity: "error", data: { service }, ...where });
      return;
    }
    if (stack.fallback && on(ctx.get, "guest_enable")) {
      ctx.report({ messageId: "virtualFallback", data: { service, guest: str(ctx.get, "guest_username") ?? "(unset)" }, ...at(ctx, "pam_service_name", "guest_enable") });
    } else if (stack.fallback) {
      ctx.report({ messageId: "fallback", data: { service }, ...where });
    }
    const shadow = shadowUnreadable(ctx, host);
    if (shadow) {
      if (needsRoot(host, shadow.code)) ctx.report({ messageId: "shadowNeedsRoot", severity: "info", data: { why: needsRootWhy("reading it", shadow.code) }, ...where });
      else ctx.report({ messageId: "shadowUnchecked", severity: "warning", data: { why: uncheckedWhy(host, "reading it", shadow.code) }, ...where });
      return;
    }
    if (!usesPamShells(stack)) return;
    const shells = new Set(host.shells());
    const byShell = new Map<string, string[]>();
    for (const u of localLogins(ctx, host, { anyShell: true })) {
      if (shells.has(u.shell)) continue;
      byShell.set(u.shell, [...(byShell.get(u.shell) ?? []), u.name]);
    }
    for (const [shell, names] of byShell) {
      const who = names.length === 1 ? `local user ${names[0]} has` : `local users ${listNames(names)} have`;
      ctx.report({ messageId: "shell", data: { who, shell, file: stack.file }, ...where });
    }
  },
});

