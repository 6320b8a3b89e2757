import { defineRule } from "../rule.js";
import { pointAt } from "../checks/point-at.js";

/**
 * oneprocess.c: the ptrace sandbox exists only for 32-bit x86, and ftpctl
 * targets x86-64. run_as_launching_user=YES forces the one-process model,
 * so it trips this too (seen on the binary). The two-process model ignores
 * ptrace_sandbox.
 */
export default defineRule({
  code: "VSF215",
  name: "ptrace-sandbox-64bit",
  severity: "error",
  category: "session",
  description: "ptrace_sandbox=YES in the one-process model makes a 64-bit vsftpd refuse every session.",
  messages: {
    sandbox:
      "ptrace_sandbox=YES with {model}: every session is refused on a 64-bit build (could not allocate sandbox (only works for 32-bit builds)); remove ptrace_sandbox",
  },
  check(ctx) {
    if (ctx.get("ptrace_sandbox") !== true) return;
    let model: string;
    if (ctx.get("one_process_model") === true) model = "one_process_model=YES";
    else if (ctx.get("run_as_launching_user") === true) model = "run_as_launching_user=YES (which forces one_process_model)";
    else return;
    ctx.report({ messageId: "sandbox", data: { model }, ...pointAt(ctx, "ptrace_sandbox") });
  },
});
