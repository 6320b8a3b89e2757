import rule from "../../src/lint/rules/VSF705-allow-writeable-chroot.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "local_enable=YES\nchroot_local_user=YES\n",
    "local_enable=YES\nallow_writeable_chroot=NO\n",
    { conf: "anonymous_enable=YES\nallow_writeable_chroot=YES\n", name: "never applies to anonymous sessions (VSF605)" },
  ],
  invalid: [
    {
      conf: "local_enable=YES\nchroot_local_user=YES\nallow_writeable_chroot=YES\n",
      errors: [{ messageId: "allow", line: 3, col: 1, contains: "writable subdirectory" }],
    },
    { conf: "local_enable=YES\nallow_writeable_chroot=1\n", errors: [{ messageId: "allow", line: 2 }] },
  ],
});
