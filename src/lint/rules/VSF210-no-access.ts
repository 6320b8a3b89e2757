import { defineRule } from "../rule.js";
import { describeBool, pointAt } from "../checks/point-at.js";

/** main.c do_sanity_checks runs in each session, after the listener forked it. */
export default defineRule({
  code: "VSF210",
  name: "no-access",
  severity: "error",
  category: "session",
  description: "With anonymous and local logins both off, vsftpd refuses every session.",
  messages: {
    noAccess:
      "{anonymous} and {local}: every session is refused (vsftpd: both local and anonymous access disabled!), while the listener starts and systemd reports success; enable one of them",
  },
  check(ctx) {
    if (ctx.get("anonymous_enable") !== false || ctx.get("local_enable") !== false) return;
    const data = { anonymous: describeBool(ctx, "anonymous_enable"), local: describeBool(ctx, "local_enable") };
    ctx.report({ messageId: "noAccess", data, ...pointAt(ctx, "anonymous_enable", "local_enable") });
  },
});
