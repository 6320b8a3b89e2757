import { debianHost, link, unreachable, unreadableFile } from "../helpers/fake-facts.js";
import rule from "../../src/lint/rules/VSF807-nologin-shell.js";
import { ruleTester } from "../helpers/rule-tester.js";

const bob = { name: "bob", uid: 1001, shell: "/usr/sbin/nologin" };
const host = debianHost({ users: [bob] });
const local = "local_enable=YES\n";
const NO_SHELLS_PAM = "auth required pam_listfile.so item=user sense=deny file=/etc/ftpusers onerr=succeed\n@include common-auth\n@include common-account\n";

ruleTester(rule, {
  valid: [
    { conf: local, name: "no host: the rule does not run" },
    { conf: "local_enable=NO\n", host },
    { conf: local, host: debianHost(), name: "login users have real shells; system accounts are not counted" },
    { conf: local, host: debianHost({ removeUsers: ["alice"], asDaemon: false, shadowError: "EACCES" }), name: "/etc/shadow unreadable, but no account could log in anyway" },
    { conf: `${local}pam_service_name=ftp-only\n`, host: debianHost({ users: [bob], files: { "/etc/pam.d/ftp-only": NO_SHELLS_PAM } }), name: "dedicated PAM service without pam_shells" },
    { conf: local, host: debianHost({ users: [bob], files: { "/etc/ftpusers": "root\nbob\n" } }), name: "user in /etc/ftpusers" },
    { conf: local, host: debianHost({ users: [bob], shells: ["/bin/bash", "/usr/sbin/nologin"] }), name: "nologin listed in /etc/shells" },
    {
      conf: `${local}pam_service_name=soft\n`,
      host: debianHost({ users: [bob], files: { "/etc/pam.d/soft": "@include common-auth\nauth optional pam_shells.so\n" } }),
      name: "optional pam_shells refuses nobody",
    },
    {
      conf: `${local}userlist_enable=YES\nuserlist_deny=NO\nuserlist_file=/etc/vsftpd.user_list\n`,
      host: debianHost({ users: [bob], files: { "/etc/vsftpd.user_list": "alice\n" } }),
      name: "user the allow list keeps out anyway",
    },
  ],
  invalid: [
    {
      conf: local,
      host: debianHost({ users: [bob], asDaemon: false, shadowError: "EACCES" }),
      name: "/etc/shadow unreadable as an ordinary user: who can log in is not known, and that is an info",
      errors: [
        {
          messageId: "shadowNeedsRoot",
          severity: "info",
          line: 1,
          contains: "not checked: needs root: '/etc/shadow' (reading it fails for ftpctl: permission denied (EACCES); vsftpd runs as root), so which local accounts are locked",
        },
      ],
    },
    {
      conf: local,
      host: debianHost({ users: [bob], shadowError: "EIO" }),
      name: "/etc/shadow unreadable as root",
      errors: [{ messageId: "shadowUnchecked", severity: "warning", line: 1, contains: "'/etc/shadow' could not be checked: reading it fails: input/output error (EIO)" }],
    },
    {
      conf: local,
      host: debianHost({ users: [bob], files: { "/etc/pam.d": unreachable("EACCES") } }),
      name: "a PAM directory that cannot be searched is not 'neither file exists'",
      errors: [{ messageId: "unchecked", severity: "warning", line: 1, contains: "PAM service 'vsftpd' could not be checked: looking it up fails: permission denied (EACCES) ('/etc/pam.d/vsftpd')" }],
    },
    {
      conf: local,
      host: debianHost({ users: [bob], files: { "/etc/pam.d/vsftpd": link("/etc/pam.d/vsftpd") } }),
      name: "a PAM file behind a symlink loop is not a missing one",
      errors: [{ messageId: "unchecked", severity: "warning", contains: "too many levels of symbolic links (ELOOP)" }],
    },
    {
      conf: local,
      host: debianHost({ users: [bob], asDaemon: false, files: { "/etc/pam.d/common-auth": unreadableFile("EACCES") } }),
      name: "an included PAM file the linting user cannot read",
      errors: [{ messageId: "needsRoot", severity: "info", contains: "not checked: needs root: '/etc/pam.d/common-auth' of PAM service 'vsftpd' (reading it fails for ftpctl: permission denied (EACCES)" }],
    },
    {
      conf: `listen=YES\n${local}`,
      host,
      errors: [{ messageId: "shell", line: 2, severity: "warning", contains: "local user bob has shell '/usr/sbin/nologin', which is not in /etc/shells, and /etc/pam.d/vsftpd requires pam_shells" }],
    },
    {
      conf: local,
      host: debianHost({ users: [{ ...bob, shell: "/bin/false" }, { name: "carol", uid: 1002, shell: "/bin/false" }, { name: "dave", uid: 1003, shell: "/sbin/nologin" }] }),
      name: "grouped by shell",
      errors: [
        { messageId: "shell", contains: "local users bob, carol have shell '/bin/false'" },
        { messageId: "shell", contains: "'/sbin/nologin'" },
      ],
    },
    {
      conf: `${local}pam_service_name=ftp\n`,
      host,
      name: "missing service file falls back to other",
      errors: [{ messageId: "fallback", line: 2, severity: "warning", contains: "PAM uses /etc/pam.d/other" }],
    },
    {
      conf: `${local}guest_enable=YES\npam_service_name=vsftpd_virtual\n`,
      host,
      name: "virtual users without their PAM service file cannot log in",
      errors: [
        {
          messageId: "virtualFallback",
          line: 3,
          severity: "warning",
          contains:
            "PAM service 'vsftpd_virtual' has no file in /etc/pam.d, so PAM uses /etc/pam.d/other: with guest_enable=YES the virtual users cannot log in (530 Login incorrect)",
        },
      ],
    },
    {
      conf: `${local}pam_service_name=vsftpd_virtual\nguest_enable=YES\nguest_username=virtual\n`,
      host,
      name: "names the guest account the fallback logins become",
      errors: [{ messageId: "virtualFallback", line: 2, contains: "log in instead, as guest_username 'virtual'" }],
    },
    {
      conf: `${local}pam_service_name=ftp\n`,
      host: debianHost({ files: { "/etc/pam.d/other": null } }),
      name: "neither the service file nor other",
      errors: [{ messageId: "noPam", line: 2, severity: "error" }],
    },
    {
      conf: `${local}pam_service_name=strict\n`,
      host: debianHost({ users: [bob], files: { "/etc/pam.d/strict": "@include common-auth\n@include shells-check\n", "/etc/pam.d/shells-check": "auth requisite pam_shells.so\n" } }),
      name: "pam_shells through @include",
      errors: [{ messageId: "shell", contains: "/etc/pam.d/strict requires pam_shells" }],
    },
    {
      conf: `${local}pam_service_name=strict\n`,
      host: debianHost({ users: [bob], files: { "/etc/pam.d/strict": "auth include shells-check\n", "/etc/pam.d/shells-check": "auth required /lib/security/pam_shells.so\n" } }),
      name: "pam_shells through an include control",
      errors: [{ messageId: "shell" }],
    },
  ],
});
