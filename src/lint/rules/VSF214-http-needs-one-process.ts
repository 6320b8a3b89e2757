import { defineRule } from "../rule.js";
import { describeBool, pointAt } from "../checks/point-at.js";

/**
 * main.c do_sanity_checks reads one_process_model as configured:
 * run_as_launching_user forces it only afterwards, so it does not help here.
 */
export default defineRule({
  code: "VSF214",
  name: "http-needs-one-process",
  severity: "error",
  category: "session",
  description: "http_enable=YES without one_process_model=YES makes vsftpd refuse every session.",
  messages: {
    http: "http_enable=YES with {model}: every session is refused (vsftpd: HTTP needs 'one_process_model' for now); http_enable is an unfinished experiment, remove it",
  },
  check(ctx) {
    if (ctx.get("http_enable") !== true || ctx.get("one_process_model") !== false) return;
    ctx.report({ messageId: "http", data: { model: describeBool(ctx, "one_process_model") }, ...pointAt(ctx, "http_enable") });
  },
});
