import { defineRule } from "../rule.js";

/**
 * The compiled default is YES on every build ftpctl knows, while Debian's man
 * page says NO and Debian's shipped file sets NO explicitly; a config written
 * from scratch, or trimmed down, silently serves anonymous logins.
 */
export default defineRule({
  code: "VSF706",
  name: "implicit-anonymous",
  severity: "warning",
  category: "security",
  description: "anonymous_enable is missing and the build's default turns anonymous logins on.",
  messages: {
    implicit:
      "anonymous logins are on because anonymous_enable is missing: this build ({distro}) defaults to YES{note}; add anonymous_enable=NO, or anonymous_enable=YES if that is intended",
    implicitLocal:
      "anonymous logins are on next to the local users this file enables, because anonymous_enable is missing: this build ({distro}) defaults to YES{note}; add anonymous_enable=NO for a local-only server",
  },
  check(ctx) {
    if (ctx.isSet("anonymous_enable") || ctx.get("anonymous_enable") !== true) return;
    const local = ctx.isSet("local_enable") && ctx.get("local_enable") === true;
    const note = ctx.options.distro === "debian" ? " (Debian's man page says NO, but its binary says YES)" : "";
    ctx.report({ messageId: local ? "implicitLocal" : "implicit", data: { distro: ctx.options.distro, note } });
  },
});
