import rule from "../../src/lint/rules/VSF214-http-needs-one-process.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: ["listen=YES\n", "http_enable=NO\n", "http_enable=YES\none_process_model=YES\n"],
  invalid: [
    {
      conf: "listen=YES\nhttp_enable=YES\n",
      errors: [{ messageId: "http", line: 2, col: 1, severity: "error", contains: "(vsftpd: HTTP needs 'one_process_model' for now)" }],
    },
    { conf: "http_enable=YES\nrun_as_launching_user=YES\n", name: "run_as_launching_user does not count", errors: [{ messageId: "http", line: 1 }] },
    { conf: "http_enable=YES\none_process_model=NO\n", errors: [{ messageId: "http", contains: "one_process_model=NO" }] },
  ],
});
