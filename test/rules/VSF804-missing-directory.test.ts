import { debianHost, dir, file, link, unreachable } from "../helpers/fake-facts.js";
import rule from "../../src/lint/rules/VSF804-missing-directory.js";
import { ruleTester } from "../helpers/rule-tester.js";

const host = debianHost({ files: { "/srv/ftp/pub": dir(), "/srv/jail": dir(), "/etc/vsftpd/users": dir() } });
const bob = { name: "bob", uid: 1001, home: "/home/bob" };
const withBob = (over: Parameters<typeof debianHost>[0] = {}) => debianHost({ ...over, users: [bob, ...(over.users ?? [])] });

ruleTester(rule, {
  valid: [
    { conf: "secure_chroot_dir=/nowhere\n", name: "no host: the rule does not run" },
    { conf: "listen=YES\n", host, name: "Debian defaults on a Debian machine" },
    { conf: "local_enable=YES\nchroot_local_user=YES\n", host, name: "local user with a home" },
    {
      conf: "local_enable=YES\nchroot_local_user=YES\nlocal_root=/srv/nowhere\n",
      host: debianHost({ asDaemon: false, shadowError: "EACCES" }),
      name: "/etc/shadow unreadable as an ordinary user: whether alice can log in is not known, so no refusal is claimed (VSF807 says why)",
    },
    { conf: "anon_root=/srv/ftp/pub\n", host },
    { conf: "anon_root=pub\n", host, name: "relative anon_root is entered from the ftp home" },
    { conf: "local_enable=YES\nchroot_local_user=YES\nlocal_root=/srv/jail\n", host },
    { conf: "user_config_dir=/etc/vsftpd/users\n", host },
    { conf: "secure_chroot_dir=/var/empty\n", host: debianHost({ files: { "/var/empty": link("/var/run/vsftpd/empty") } }), name: "secure_chroot_dir via a symlink" },
    { conf: "secure_chroot_dir=relative/dir\n", host, name: "relative secure_chroot_dir is not judged" },
    { conf: "one_process_model=YES\nsecure_chroot_dir=/nowhere\n", host, name: "one_process_model does not use secure_chroot_dir" },
    { conf: "local_enable=NO\n", host: withBob(), name: "missing home but local users off" },
    {
      conf: "local_enable=YES\n",
      host: debianHost({ files: { "/home": dir({ mode: 0o711 }), "/home/alice": dir({ uid: 1000, mode: 0o700 }) } }),
      name: "own 0700 home under a search-only parent",
    },
    {
      conf: "local_enable=YES\n",
      host: withBob({ users: [{ ...bob, shell: "/usr/sbin/nologin" }] }),
      name: "missing home of a user pam_shells turns away",
    },
    { conf: "local_enable=YES\n", host: withBob({ files: { "/etc/ftpusers": "root\nbob\n" } }), name: "missing home of a user in /etc/ftpusers" },
    { conf: "local_enable=YES\n", host: withBob({ users: [{ ...bob, uid: 999 }] }), name: "missing home of a system account" },
    {
      conf: "local_enable=YES\nuserlist_enable=YES\nuserlist_file=/etc/vsftpd.user_list\n",
      host: withBob({ files: { "/etc/vsftpd.user_list": "bob\n" } }),
      name: "missing home of a user the user list denies",
    },
    {
      conf: "local_enable=YES\nuserlist_enable=YES\nuserlist_deny=NO\nuserlist_file=/etc/vsftpd.user_list\n",
      host: withBob({ files: { "/etc/vsftpd.user_list": "alice\n" } }),
      name: "missing home of a user outside the allow list",
    },
    {
      conf: "local_enable=YES\nchroot_local_user=YES\npasswd_chroot_enable=YES\n",
      host: debianHost({ users: [{ name: "alice", uid: 1000, home: "/srv/jail/./alice" }], files: { "/srv/jail": dir() } }),
      name: "passwd_chroot_enable: the jail is the part before /./",
    },
  ],
  invalid: [
    {
      conf: "local_enable=YES\nchroot_local_user=YES\nlocal_root=/srv/loop\n",
      host: debianHost({ files: { "/srv/loop": link("/srv/loop") } }),
      name: "ELOOP on local_root is not 'does not exist'",
      errors: [{ messageId: "unchecked", severity: "warning", line: 3, contains: "local_root '/srv/loop' could not be checked: looking it up fails: too many levels of symbolic links (ELOOP)" }],
    },
    {
      conf: "local_enable=YES\n",
      host: debianHost({ asDaemon: false, files: { "/home": unreachable("EACCES") } }),
      name: "a home behind a directory the linting user cannot search is not 'does not exist'",
      errors: [{ messageId: "needsRoot", severity: "info", contains: "not checked: needs root: home directory '/home/alice' (looking it up fails for ftpctl: permission denied (EACCES)" }],
    },
    {
      conf: "secure_chroot_dir=/run/private/empty\n",
      host: debianHost({ files: { "/run/private": unreachable("EACCES") } }),
      name: "EACCES on secure_chroot_dir is not 'does not exist'",
      errors: [{ messageId: "unchecked", severity: "warning", line: 1, contains: "secure_chroot_dir '/run/private/empty' could not be checked: looking it up fails: permission denied (EACCES)" }],
    },
    {
      conf: "secure_chroot_dir=/run/loop\n",
      host: debianHost({ files: { "/run/loop": link("/run/loop") } }),
      name: "secure_chroot_dir a symlink loop: lstat finds the link, stat fails with ELOOP",
      errors: [{ messageId: "unchecked", severity: "warning", contains: "too many levels of symbolic links (ELOOP)" }],
    },
    {
      conf: "user_config_dir=/etc/private/users\n",
      host: debianHost({ files: { "/etc/private": unreachable("EACCES") } }),
      name: "EACCES on user_config_dir is not 'does not exist'",
      errors: [{ messageId: "unchecked", severity: "warning", contains: "user_config_dir '/etc/private/users' could not be checked: looking it up fails: permission denied (EACCES); if vsftpd meets the same error, logins get 500 OOPS" }],
    },
    {
      conf: "listen=YES\n",
      host: debianHost({ files: { "/var/run/vsftpd/empty": null } }),
      name: "Debian's default secure_chroot_dir missing",
      errors: [{ messageId: "secureMissing", line: 1, contains: "'/var/run/vsftpd/empty' (the compiled default) does not exist" }],
    },
    {
      conf: "listen=YES\nsecure_chroot_dir=/usr/share/empty\n",
      host,
      errors: [{ messageId: "secureMissing", line: 2, contains: "vsftpd: not found: directory given in 'secure_chroot_dir':/usr/share/empty" }],
    },
    {
      conf: "secure_chroot_dir=/etc/hostname\n",
      host: debianHost({ files: { "/etc/hostname": file("host\n") } }),
      errors: [{ messageId: "secureNotDir", contains: "cannot change directory:/etc/hostname" }],
    },
    {
      conf: "anonymous_enable=YES\n",
      host: debianHost({ files: { "/srv/ftp": null } }),
      name: "ftp home missing",
      errors: [{ messageId: "anonHome", line: 1, contains: "ftp_username 'ftp' (/srv/ftp) does not exist" }],
    },
    {
      conf: "anonymous_enable=YES\nanon_root=/srv/pub\n",
      host: debianHost({ files: { "/srv/ftp": null, "/srv/pub": dir() } }),
      name: "ftp home missing although anon_root is set",
      errors: [{ messageId: "anonHome", line: 1, contains: "even when anon_root is set" }],
    },
    {
      conf: "anonymous_enable=YES\nanon_root=/srv/anon\n",
      host,
      errors: [{ messageId: "root", line: 2, contains: "anon_root '/srv/anon' does not exist: anonymous logins get 500 OOPS (cannot change directory:/srv/anon)" }],
    },
    {
      conf: "local_enable=YES\n",
      host: withBob(),
      name: "local user without a home",
      errors: [{ messageId: "home", line: 1, contains: "home directory '/home/bob' does not exist: logins of bob get 500 OOPS" }],
    },
    {
      conf: "local_enable=YES\n",
      host: debianHost({ files: { "/home/alice": dir({ mode: 0o700 }) } }),
      name: "home the user cannot enter",
      errors: [{ messageId: "home", contains: "cannot be entered by alice" }],
    },
    {
      conf: "local_enable=YES\n",
      host: debianHost({ files: { "/home": dir({ mode: 0o700 }) } }),
      name: "home under a directory the user cannot search",
      errors: [{ messageId: "home", contains: "cannot be entered by alice" }],
    },
    {
      conf: "local_enable=YES\nchroot_local_user=YES\nlocal_root=/srv/www\n",
      host,
      errors: [{ messageId: "root", line: 3, severity: "error", contains: "local_root '/srv/www' does not exist: logins of alice get 500 OOPS" }],
    },
    {
      conf: "local_enable=YES\nchroot_local_user=YES\nallow_writeable_chroot=YES\nlocal_root=ftp-files\n",
      host,
      name: "relative local_root: quoted as written, as vsftpd prints it",
      errors: [
        {
          messageId: "root",
          line: 4,
          contains:
            "local_root 'ftp-files' (entered from the home directory: /home/alice/ftp-files) does not exist: logins of alice get 500 OOPS (cannot change directory:ftp-files)",
        },
      ],
    },
    {
      conf: "anon_root=pub/gone\n",
      host,
      name: "relative anon_root: quoted as written",
      errors: [{ messageId: "root", line: 1, contains: "anon_root 'pub/gone' (entered from the home directory: /srv/ftp/pub/gone) does not exist: anonymous logins get 500 OOPS (cannot change directory:pub/gone)" }],
    },
    {
      conf: "local_enable=YES\nlocal_root=www\n",
      host,
      name: "relative local_root missing without chroot",
      errors: [{ messageId: "rootIgnored", line: 2, severity: "warning", contains: "local_root 'www' (entered from the home directory: /home/alice/www) does not exist" }],
    },
    {
      conf: "local_enable=YES\nchroot_local_user=YES\nlocal_root=/srv/locked\n",
      host: debianHost({ files: { "/srv/locked": unreachable("EACCES") } }),
      name: "a lookup error is not 'does not exist'",
      errors: [
        {
          messageId: "unchecked",
          severity: "warning",
          line: 3,
          contains: "local_root '/srv/locked' could not be checked: looking it up fails: permission denied (EACCES); if vsftpd meets the same error, logins of alice get 500 OOPS (cannot change directory:/srv/locked)",
        },
      ],
    },
    {
      conf: "local_enable=YES\nlocal_root=/srv/www\n",
      host,
      name: "local_root missing without chroot",
      errors: [{ messageId: "rootIgnored", line: 2, severity: "warning", contains: "silently ignores it" }],
    },
    {
      conf: "local_enable=YES\nchroot_local_user=YES\nuser_sub_token=$USER\nlocal_root=/srv/jail/$USER\n",
      host,
      errors: [{ messageId: "root", line: 4, contains: "'/srv/jail/alice' does not exist" }],
    },
    {
      conf: "local_enable=YES\nchroot_list_enable=YES\nchroot_list_file=/etc/vsftpd.chroot_list\nlocal_root=/srv/www\n",
      host: debianHost({ files: { "/etc/vsftpd.chroot_list": "alice\n" } }),
      name: "chrooted through chroot_list_file",
      errors: [{ messageId: "root", severity: "error" }],
    },
    {
      conf: "local_enable=YES\nchroot_local_user=YES\nlocal_root=/srv/www\n",
      host: withBob({ files: { "/home/bob": dir() } }),
      name: "two users, one finding",
      errors: [{ messageId: "root", contains: "logins of alice, bob" }],
    },
    {
      conf: "user_config_dir=/etc/hostname\n",
      host: debianHost({ files: { "/etc/hostname": "h\n" } }),
      errors: [{ messageId: "userConfNotDir", contains: "(error opening per-user config file)" }],
    },
    {
      conf: "user_config_dir=/etc/hostname/users\n",
      host: debianHost({ files: { "/etc/hostname": "h\n" } }),
      errors: [{ messageId: "userConfNotDir" }],
    },
    { conf: "user_config_dir=/etc/vsftpd/nope\n", host, errors: [{ messageId: "userConfMissing", severity: "warning" }] },
    {
      conf: "local_enable=YES\nguest_enable=YES\nguest_username=virtual\n",
      host: debianHost({ users: [{ name: "virtual", uid: 998, home: "/srv/virtual" }] }),
      name: "guest account without a home",
      errors: [{ messageId: "home", contains: "guest_username 'virtual' (/srv/virtual) does not exist: guest logins get 500 OOPS" }],
    },
  ],
});
