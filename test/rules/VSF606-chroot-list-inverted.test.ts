import rule from "../../src/lint/rules/VSF606-chroot-list-inverted.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "local_enable=YES\nchroot_local_user=YES\n",
    { conf: "local_enable=YES\nchroot_list_file=/etc/vsftpd.chroot_list\n", name: "list without chroot_list_enable is VSF605's" },
    { conf: "chroot_list_enable=YES\nchroot_list_enable=NO\n", name: "last assignment wins" },
  ],
  invalid: [
    {
      name: "the seed tutorial's config",
      conf: "chroot_local_user=YES\n\nchroot_list_enable=YES\n\nchroot_list_file=/etc/vsftpd.chroot_list\n",
      errors: [{ messageId: "exceptions", line: 3, col: 1, severity: "warning", contains: "/etc/vsftpd.chroot_list are the ones NOT jailed" }],
    },
    {
      conf: "local_enable=YES\nchroot_list_enable=YES\nchroot_local_user=YES\n",
      errors: [{ messageId: "exceptions", line: 2, contains: "/etc/vsftpd.chroot_list" }],
    },
    {
      conf: "local_enable=YES\nchroot_list_enable=YES\nchroot_list_file=/etc/jailed\n",
      errors: [{ messageId: "onlyListed", line: 2, severity: "info", contains: "only the users listed in /etc/jailed are jailed" }],
    },
    {
      conf: "local_enable=YES\nchroot_local_user=YES\nchroot_list_enable=YES\n",
      options: { distro: "rhel" },
      name: "RHEL's default list path",
      errors: [{ messageId: "exceptions", contains: "/etc/vsftpd/chroot_list" }],
    },
  ],
});
