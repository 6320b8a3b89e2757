import { defineRule } from "../rule.js";
import { pointAtLast } from "../checks/point-at.js";

/** main.c do_sanity_checks: the one-process model never drops to a local user's rights. */
export default defineRule({
  code: "VSF212",
  name: "one-process-local",
  severity: "error",
  category: "session",
  description: "one_process_model=YES with local_enable=YES makes vsftpd refuse every session.",
  messages: {
    local:
      "one_process_model=YES with local_enable=YES: every session is refused (vsftpd: security: 'one_process_model' is anonymous only); drop one_process_model or local_enable",
  },
  check(ctx) {
    if (ctx.get("one_process_model") !== true || ctx.get("local_enable") !== true) return;
    ctx.report({ messageId: "local", ...pointAtLast(ctx, "one_process_model", "local_enable") });
  },
});
