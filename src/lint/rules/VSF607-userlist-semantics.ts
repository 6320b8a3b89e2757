import { defineRule } from "../rule.js";

/**
 * The user list takes two switches: userlist_enable turns it on, userlist_deny
 * says whether it denies or allows. prelogin.c checks it at USER time for every
 * name, anonymous included, but twoprocess.c reads the file only when
 * local_enable=YES.
 */
export default defineRule({
  code: "VSF607",
  name: "userlist-semantics",
  severity: "info",
  category: "trap",
  description: "userlist_deny=NO turns the user list into an allow-list; without userlist_enable it does nothing.",
  messages: {
    allowList:
      "userlist_deny=NO makes {file} an allow-list: only users listed there may log in; an empty list refuses everyone and a missing one gives every client 500 OOPS: cannot read user list file",
    allowListAnon:
      "userlist_deny=NO makes {file} an allow-list: only users listed there may log in, anonymous ones too (list 'anonymous' and 'ftp'); an empty list refuses everyone and a missing one gives every client 500 OOPS: cannot read user list file",
    allowListUnread:
      "userlist_deny=NO with local_enable=NO refuses every login: vsftpd reads {file} only when local_enable=YES, so the allow-list is empty and even anonymous users get 530 Permission denied",
    ignoredAllow:
      "userlist_deny=NO does nothing while userlist_enable=NO: there is no allow-list, every user may log in; add userlist_enable=YES",
    ignoredDeny:
      "userlist_deny=YES does nothing while userlist_enable=NO: users listed in {file} are not refused; add userlist_enable=YES",
  },
  check(ctx) {
    const src = ctx.source("userlist_deny");
    const file = String(ctx.get("userlist_file") ?? "(unset)");
    const deny = ctx.get("userlist_deny") === true;
    if (ctx.get("userlist_enable") !== true) {
      if (src) ctx.report({ messageId: deny ? "ignoredDeny" : "ignoredAllow", severity: "warning", at: src.setting, data: { file } });
      return;
    }
    if (deny) return;
    const at = src ? { at: src.setting } : {};
    if (ctx.get("local_enable") !== true) {
      ctx.report({ messageId: "allowListUnread", severity: "error", data: { file }, ...at });
    } else {
      ctx.report({ messageId: ctx.get("anonymous_enable") === true ? "allowListAnon" : "allowList", data: { file }, ...at });
    }
  },
});
