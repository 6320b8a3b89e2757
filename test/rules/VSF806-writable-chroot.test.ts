import { debianHost, dir, file, link, unreachable, unreadableFile } from "../helpers/fake-facts.js";
import rule from "../../src/lint/rules/VSF806-writable-chroot.js";
import { ruleTester } from "../helpers/rule-tester.js";

const ALICE = 1000;
/** alice's home the way useradd makes it: hers, 0755, so a chroot into it is writable. */
const ownHome = debianHost({ files: { "/home/alice": dir({ uid: ALICE, gid: ALICE }) } });
const chrootAll = "local_enable=YES\nchroot_local_user=YES\n";

ruleTester(rule, {
  valid: [
    {
      conf: `${chrootAll}chroot_list_enable=YES\nchroot_list_file=/etc/vsftpd.chroot_list\n`,
      host: debianHost({ asDaemon: false, files: { "/home/alice": dir({ uid: ALICE, gid: ALICE }), "/etc/vsftpd.chroot_list": unreadableFile("EACCES") } }),
      name: "a chroot list the linting user cannot read: who is chrooted is not known, so nothing is claimed",
    },
    { conf: chrootAll, host: debianHost({ files: { "/home/alice": unreachable("EACCES") } }), name: "a chroot whose lookup fails (EACCES) is VSF804's" },
    { conf: chrootAll, host: debianHost({ files: { "/home/alice": link("/home/alice") } }), name: "a chroot behind a symlink loop is VSF804's" },
    { conf: "secure_chroot_dir=/run/private/empty\n", host: debianHost({ files: { "/run/private": unreachable("EACCES") } }), name: "secure_chroot_dir whose lookup fails" },
    { conf: chrootAll, name: "no host: the rule does not run" },
    { conf: "listen=YES\n", host: debianHost(), name: "anonymous into Debian's /srv/ftp (root:ftp 0755)" },
    { conf: chrootAll, host: debianHost(), name: "root-owned 0555 home" },
    { conf: `${chrootAll}allow_writeable_chroot=YES\n`, host: ownHome, name: "allow_writeable_chroot lifts it for local users" },
    { conf: chrootAll, host: debianHost({ files: { "/home/alice": dir({ uid: ALICE, gid: ALICE, mode: 0o555 }) } }), name: "own home 0555" },
    { conf: chrootAll, host: debianHost({ files: { "/home/alice": dir({ uid: ALICE, mode: 0o557 }) } }), name: "own home 0557: only the owner bits count" },
    { conf: chrootAll, host: debianHost({ files: { "/home/alice": dir({ gid: ALICE, mode: 0o757 }) } }), name: "0757 in alice's group: only the group bits count" },
    { conf: "local_enable=YES\n", host: ownHome, name: "writable home without chroot" },
    {
      conf: `${chrootAll}chroot_list_enable=YES\nchroot_list_file=/etc/vsftpd.chroot_list\n`,
      host: debianHost({ files: { "/home/alice": dir({ uid: ALICE }), "/etc/vsftpd.chroot_list": "alice\n" } }),
      name: "chroot_list_file exempts alice from chroot_local_user",
    },
    { conf: chrootAll, host: debianHost({ files: { "/home/alice": dir({ uid: ALICE }), "/etc/ftpusers": "root\nalice\n" } }), name: "user in /etc/ftpusers" },
    {
      conf: chrootAll,
      host: debianHost({ files: { "/home/alice": dir({ uid: ALICE }) }, users: [{ name: "alice", uid: ALICE, shell: "/usr/sbin/nologin" }] }),
      name: "user pam_shells turns away",
    },
    { conf: chrootAll, host: debianHost({ files: { "/home/alice": dir({ uid: 500 }) }, users: [{ name: "alice", uid: 500 }] }), name: "system account" },
    {
      conf: `${chrootAll}userlist_enable=YES\nuserlist_file=/etc/vsftpd.user_list\n`,
      host: debianHost({ files: { "/home/alice": dir({ uid: ALICE }), "/etc/vsftpd.user_list": "alice\n" } }),
      name: "user the user list denies",
    },
    {
      conf: `${chrootAll}user_config_dir=/etc/vsftpd/users\n`,
      host: debianHost({ files: { "/home/alice": dir({ uid: ALICE }), "/etc/vsftpd/users/alice": file("allow_writeable_chroot=YES\n", { mode: 0o600 }) } }),
      name: "per-user file allows the writable chroot",
    },
    {
      conf: "local_enable=YES\nguest_enable=YES\nvirtual_use_local_privs=YES\nlocal_root=/srv/virt\n",
      host: debianHost({ files: { "/srv/virt": dir({ uid: 102 }) } }),
      name: "guests with local privileges are not chrooted unless chroot_local_user",
    },
    {
      conf: "local_enable=YES\nguest_enable=YES\nlocal_root=/srv/virt\nallow_writeable_chroot=YES\n",
      host: debianHost({ files: { "/srv/virt": dir({ uid: 102 }) } }),
      name: "allow_writeable_chroot applies to guests",
    },
    { conf: "anonymous_enable=NO\nlocal_enable=YES\nanon_root=/srv/w\n", host: debianHost({ files: { "/srv/w": dir({ mode: 0o777 }) } }), name: "anonymous off" },
    { conf: "secure_chroot_dir=/srv/sc\n", host: debianHost({ files: { "/srv/sc": dir({ gid: 105, mode: 0o775 }) } }), name: "secure_chroot_dir group-writable by a group nobody is not in" },
  ],
  invalid: [
    {
      conf: chrootAll,
      host: ownHome,
      name: "useradd's home: owned by the user, 0755",
      errors: [{ messageId: "local", line: 2, contains: "local user alice is chrooted into '/home/alice', which alice can write to" }],
    },
    { conf: chrootAll, host: debianHost({ files: { "/home/alice": dir({ gid: ALICE, mode: 0o775 }) } }), name: "group-writable, alice's group", errors: [{ messageId: "local" }] },
    { conf: chrootAll, host: debianHost({ files: { "/home/alice": dir({ mode: 0o757 }) } }), name: "world-writable", errors: [{ messageId: "local" }] },
    {
      conf: chrootAll,
      host: debianHost({ files: { "/home/alice": dir({ gid: 50, mode: 0o775 }) }, groups: [{ gid: 50, members: ["alice"] }] }),
      name: "group-writable through a supplementary group",
      errors: [{ messageId: "local" }],
    },
    {
      conf: "local_enable=YES\nchroot_list_enable=YES\nchroot_list_file=/etc/vsftpd.chroot_list\n",
      host: debianHost({ files: { "/home/alice": dir({ uid: ALICE }), "/etc/vsftpd.chroot_list": "alice\n" } }),
      name: "chrooted through chroot_list_file",
      errors: [{ messageId: "local", line: 2 }],
    },
    {
      conf: "anonymous_enable=YES\nanon_root=/srv/upload\n",
      host: debianHost({ files: { "/srv/upload": dir({ uid: 102, mode: 0o755 }) } }),
      errors: [{ messageId: "anonymous", line: 2, contains: "which ftp_username 'ftp' can write to: anonymous logins get 500 OOPS (vsftpd: refusing to run with writable root inside chroot())" }],
    },
    {
      conf: "anonymous_enable=YES\nanon_root=/srv/upload\nallow_writeable_chroot=YES\n",
      host: debianHost({ files: { "/srv/upload": dir({ mode: 0o777 }) } }),
      name: "allow_writeable_chroot never helps anonymous",
      errors: [{ messageId: "anonymous", contains: "allow_writeable_chroot=YES does not apply to anonymous sessions" }],
    },
    {
      conf: "listen=YES\n",
      host: debianHost({ files: { "/srv/ftp": dir({ gid: 105, mode: 0o775 }) } }),
      name: "ftp home writable by the ftp group",
      errors: [{ messageId: "anonymous", line: 1, col: 1 }],
    },
    {
      conf: "anonymous_enable=YES\nftp_username=root\n",
      host: debianHost({ files: { "/root": dir({ mode: 0o700 }) } }),
      name: "root can write anywhere",
      errors: [{ messageId: "anonymous", line: 2 }],
    },
    {
      conf: "local_enable=YES\nguest_enable=YES\nlocal_root=/srv/virt\n",
      host: debianHost({ files: { "/srv/virt": dir({ uid: 102 }) } }),
      errors: [{ messageId: "guest", line: 3, contains: "guest_username 'ftp'" }],
    },
    {
      conf: `${chrootAll}user_sub_token=$USER\nlocal_root=/srv/jail/$USER\n`,
      host: debianHost({
        users: [{ name: "bob", uid: 1001 }],
        files: { "/home/bob": dir(), "/srv/jail/alice": dir({ uid: ALICE }), "/srv/jail/bob": dir({ uid: 1001 }) },
      }),
      name: "one finding per jail",
      errors: [
        { messageId: "local", line: 4, contains: "alice" },
        { messageId: "local", line: 4, contains: "bob" },
      ],
    },
    {
      conf: `${chrootAll}local_root=/srv/shared\n`,
      host: debianHost({ users: [{ name: "bob", uid: 1001 }], files: { "/home/bob": dir(), "/srv/shared": dir({ mode: 0o777 }) } }),
      name: "shared jail, one finding",
      errors: [{ messageId: "local", line: 3, contains: "local users alice, bob are chrooted" }],
    },
    {
      conf: `${chrootAll}user_config_dir=/etc/vsftpd/users\n`,
      host: debianHost({ files: { "/srv/w": dir({ mode: 0o777 }), "/etc/vsftpd/users/alice": file("local_root=/srv/w\n", { mode: 0o600 }) } }),
      name: "per-user file moves the jail",
      errors: [{ messageId: "local", contains: "'/srv/w'" }],
    },
    {
      conf: "secure_chroot_dir=/tmp\n",
      host: debianHost({ files: { "/tmp": dir({ mode: 0o1777 }) } }),
      errors: [{ messageId: "secure", line: 1, contains: "nopriv_user 'nobody': every connection gets 500 OOPS" }],
    },
    { conf: "nopriv_user=root\n", host: debianHost(), name: "nopriv_user=root", errors: [{ messageId: "secure", line: 1 }] },
  ],
});
