import { defineRule } from "../rule.js";

/**
 * prelogin.c answers USER anonymous by faking the password "<no password>",
 * so the e-mail password lists see that string instead of what a client
 * would have sent.
 */
export default defineRule({
  code: "VSF707",
  name: "no-anon-password",
  severity: "info",
  category: "security",
  description: "no_anon_password=YES logs anonymous users in without a password, which the e-mail password lists then cannot check.",
  messages: {
    noPassword: "no_anon_password=YES logs anonymous users in without asking for a password{banned}",
    lockedOut:
      "no_anon_password=YES with secure_email_list_enable=YES refuses every anonymous login: vsftpd checks the placeholder password '<no password>' against {file}",
  },
  check(ctx) {
    const src = ctx.source("no_anon_password");
    if (!src || ctx.get("no_anon_password") !== true || ctx.get("anonymous_enable") !== true) return;
    if (ctx.get("secure_email_list_enable") === true) {
      const file = String(ctx.get("email_password_file") ?? "(unset)");
      ctx.report({ messageId: "lockedOut", severity: "error", at: src.setting, data: { file } });
      return;
    }
    const banned = ctx.get("deny_email_enable") === true ? "; deny_email_enable has no password to check" : "";
    ctx.report({ messageId: "noPassword", at: src.setting, data: { banned } });
  },
});
