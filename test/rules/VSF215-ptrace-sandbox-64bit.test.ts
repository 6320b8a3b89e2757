import rule from "../../src/lint/rules/VSF215-ptrace-sandbox-64bit.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: ["one_process_model=YES\n", "one_process_model=YES\nptrace_sandbox=NO\n", { conf: "ptrace_sandbox=YES\n", name: "the two-process model ignores it" }],
  invalid: [
    {
      conf: "one_process_model=YES\nptrace_sandbox=YES\n",
      errors: [{ messageId: "sandbox", line: 2, col: 1, severity: "error", contains: "(could not allocate sandbox (only works for 32-bit builds))" }],
    },
    { conf: "ptrace_sandbox=YES\nrun_as_launching_user=YES\n", errors: [{ messageId: "sandbox", line: 1, contains: "run_as_launching_user=YES" }] },
  ],
});
