import { defineRule } from "../rule.js";
import { pointAtLast } from "../checks/point-at.js";

/**
 * The one-process model never drops to a local user's rights. main.c
 * do_sanity_checks refuses one_process_model=YES with local_enable=YES in
 * every session; run_as_launching_user=YES turns the model on only after
 * those checks, so the sessions start and oneprocess.c then ends each local
 * login that passes PAM with bug("bad state in vsf_one_process_login").
 */
export default defineRule({
  code: "VSF212",
  name: "one-process-local",
  severity: "error",
  category: "session",
  description: "The one-process model (one_process_model=YES, or run_as_launching_user=YES, which forces it) with local_enable=YES refuses every session or every local login.",
  messages: {
    local:
      "one_process_model=YES with local_enable=YES: every session is refused (vsftpd: security: 'one_process_model' is anonymous only); drop one_process_model or local_enable",
    launchingUser:
      "run_as_launching_user=YES with local_enable=YES: vsftpd switches to the one-process model after its start-up checks, so every local login that passes PAM gets 500 OOPS (bad state in vsf_one_process_login); drop run_as_launching_user or local_enable",
  },
  check(ctx) {
    if (ctx.get("local_enable") !== true) return;
    if (ctx.get("one_process_model") === true) {
      ctx.report({ messageId: "local", ...pointAtLast(ctx, "one_process_model", "local_enable") });
    } else if (ctx.get("run_as_launching_user") === true) {
      ctx.report({ messageId: "launchingUser", ...pointAtLast(ctx, "run_as_launching_user", "local_enable") });
    }
  },
});
