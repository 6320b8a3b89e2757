import rule from "../../src/lint/rules/VSF211-empty-secure-chroot-dir.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "listen=YES\n",
    "secure_chroot_dir=/var/run/vsftpd/empty\n",
    { conf: "secure_chroot_dir=\nsecure_chroot_dir=/var/empty\n", name: "last assignment wins" },
    { conf: "secure_chroot_dir=\none_process_model=YES\n", name: "the one-process model has no helper process" },
    { conf: "secure_chroot_dir=\nrun_as_launching_user=YES\n", name: "run_as_launching_user forces the one-process model" },
    { conf: "secure_chroot_dir= \n", name: "whitespace only crashes Debian's build: the parser's finding" },
  ],
  invalid: [
    {
      conf: "listen=YES\nsecure_chroot_dir=\n",
      errors: [{ messageId: "empty", line: 2, col: 1, severity: "error", contains: "'secure_chroot_dir':(null)); remove the line to use /var/run/vsftpd/empty" }],
    },
    { conf: "secure_chroot_dir\n", name: "no = at all unsets it too", errors: [{ messageId: "empty" }] },
    { conf: "secure_chroot_dir=\n", options: { distro: "upstream" }, errors: [{ messageId: "empty", contains: "/usr/share/empty" }] },
    { conf: "secure_chroot_dir=  \n", options: { distro: "rhel" }, name: "RHEL trims blanks to nothing", errors: [{ messageId: "empty" }] },
  ],
});
