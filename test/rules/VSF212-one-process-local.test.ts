import rule from "../../src/lint/rules/VSF212-one-process-local.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "one_process_model=YES\n",
    "one_process_model=YES\nlocal_enable=NO\n",
    "local_enable=YES\n",
    { conf: "run_as_launching_user=YES\nanonymous_enable=YES\n", name: "run_as_launching_user on an anonymous-only server" },
    { conf: "run_as_launching_user=YES\nlocal_enable=YES\nlocal_enable=NO\n", name: "the last local_enable wins" },
  ],
  invalid: [
    {
      conf: "local_enable=YES\none_process_model=YES\n",
      errors: [{ messageId: "local", line: 2, col: 1, severity: "error", contains: "(vsftpd: security: 'one_process_model' is anonymous only)" }],
    },
    { conf: "one_process_model=YES\nlocal_enable=YES\n", errors: [{ messageId: "local", line: 2 }] },
    {
      conf: "run_as_launching_user=YES\nlocal_enable=YES\n",
      name: "run_as_launching_user forces the one-process model after the session checks",
      errors: [{ messageId: "launchingUser", line: 2, col: 1, severity: "error", contains: "every local login that passes PAM gets 500 OOPS (bad state in vsf_one_process_login)" }],
    },
    {
      conf: "local_enable=YES\nrun_as_launching_user=YES\n",
      errors: [{ messageId: "launchingUser", line: 2 }],
    },
    {
      conf: "local_enable=YES\nrun_as_launching_user=YES\none_process_model=YES\n",
      name: "with one_process_model set too, the session check refuses first",
      errors: [{ messageId: "local", line: 3 }],
    },
  ],
});
