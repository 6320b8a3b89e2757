import { interpret } from "../../vsftpd/interpret.js";
import { scanBytes } from "../../vsftpd/scan.js";
import { localLogins } from "../host-checks/logins.js";
import { at, needsRoot, needsRootWhy, uncheckedWhy } from "../host-checks/messages.js";
import { anonymousPlan } from "../host-checks/sessions.js";
import { perUserFile, str } from "../host-checks/settings.js";
import { defineRule } from "../rule.js";

/**
 * At login vsftpd loads user_config_dir/<name> (for anonymous sessions the
 * name is ftp_username) with the same rules as the main file: it must be a
 * root-owned regular file, and any line vsftpd refuses ends the login.
 */
export default defineRule({
  code: "VSF809",
  name: "user-config",
  severity: "error",
  category: "host",
  host: true,
  description: "A per-user config file in user_config_dir that vsftpd refuses ends that user's logins.",
  messages: {
    owner:
      "per-user config '{path}' ({who}) {problem}: those logins get 500 OOPS (config file not owned by correct user, or not a file)",
    refused: "per-user config '{path}' ({who}), line {line}: those logins get 500 OOPS ({message})",
    unchecked: "per-user config '{path}' ({who}) could not be checked: {why}; if vsftpd meets the same error, those logins get 500 OOPS",
    needsRoot: "not checked: needs root: per-user config '{path}' ({who}) ({why}); run lint --host as root to check it",
  },
  check(ctx) {
    const host = ctx.host!;
    const dir = str(ctx.get, "user_config_dir");
    if (dir === null || !dir.startsWith("/")) return;
    const names = new Map<string, string>();
    const anon = anonymousPlan(ctx, host);
    if (anon) names.set(anon.account.name, `anonymous logins, as ftp_username '${anon.account.name}'`);
    for (const u of localLogins(ctx, host)) if (!names.has(u.name)) names.set(u.name, `local user ${u.name}`);
    const where = at(ctx, "user_config_dir");
    for (const [name, who] of names) {
      const path = perUserFile((n) => ctx.get(n), name);
      if (path === undefined) continue;
      const found = host.lookup(path);
      // A missing per-user file is normal: vsftpd then uses the main settings.
      if (found.state === "missing") continue;
      const failed = (doing: "looking it up" | "reading it", code: string) =>
        needsRoot(host, code)
          ? ctx.report({ messageId: "needsRoot", severity: "info", data: { path, who, why: needsRootWhy(doing, code) }, ...where })
          : ctx.report({ messageId: "unchecked", severity: "warning", data: { path, who, why: uncheckedWhy(host, doing, code) }, ...where });
      if (found.state === "error") {
        failed("looking it up", found.code);
        continue;
      }
      const st = found.info;
      const problem =
        st.type !== "file" ? "is not a regular file" : st.uid !== host.daemonUid ? `is owned by uid ${st.uid}, not ${host.daemonUid}` : undefined;
      if (problem) {
        ctx.report({ messageId: "owner", data: { path, who, problem }, ...where });
        continue;
      }
      const read = host.read(path);
      if (read.state === "error") {
        failed("reading it", read.code);
        continue;
      }
      if (read.state !== "found") continue;
      const refusal = interpret(scanBytes(Buffer.from(read.text, "utf8")), ctx.options.distro).firstRefusal;
      if (refusal) ctx.report({ messageId: "refused", data: { path, who, line: refusal.setting.line, message: refusal.message ?? refusal.refusal! }, ...where });
    }
  },
});
