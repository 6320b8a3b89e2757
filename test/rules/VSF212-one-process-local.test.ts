import rule from "../../src/lint/rules/VSF212-one-process-local.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "one_process_model=YES\n",
    "one_process_model=YES\nlocal_enable=NO\n",
    "local_enable=YES\n",
    { conf: "run_as_launching_user=YES\nlocal_enable=YES\n", name: "forced only after the session checks" },
  ],
  invalid: [
    {
      conf: "local_enable=YES\none_process_model=YES\n",
      errors: [{ messageId: "local", line: 2, col: 1, severity: "error", contains: "(vsftpd: security: 'one_process_model' is anonymous only)" }],
    },
    { conf: "one_process_model=YES\nlocal_enable=YES\n", errors: [{ messageId: "local", line: 2 }] },
  ],
});
