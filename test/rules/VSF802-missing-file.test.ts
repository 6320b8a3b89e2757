import { debianHost, dir, link, unreachable, unreadableFile } from "../helpers/fake-facts.js";
import rule from "../../src/lint/rules/VSF802-missing-file.js";
import { ruleTester } from "../helpers/rule-tester.js";

const host = debianHost({
  files: {
    "/etc/ssl/ftp.pem": "(content is VSF803's business)",
    "/etc/ssl/ftp.key": "(key)",
    "/etc/ssl/ca.pem": "(ca)",
    "/etc/vsftpd/banner": "Welcome\n",
    "/etc/vsftpd/lists": dir(),
    "/etc/vsftpd.user_list": "alice\n",
  },
});

const valid = [
  "listen=YES\n",
  "ssl_enable=NO\nrsa_cert_file=/etc/ssl/missing.pem\n",
  "ssl_enable=YES\nrsa_cert_file=/etc/ssl/ftp.pem\n",
  "ssl_enable=YES\nrsa_cert_file=/etc/ssl/ftp.pem\nrsa_private_key_file=/etc/ssl/ftp.key\nca_certs_file=/etc/ssl/ca.pem\n",
  "ssl_enable=YES\nrsa_cert_file=\n",
  "ssl_enable=YES\nrsa_cert_file=/etc/ssl/ftp.pem\nca_certs_file=/etc/ssl/missing.pem\nssl_request_cert=NO\n",
  "ssl_enable=NO\ndsa_cert_file=/etc/ssl/missing.pem\n",
  "banner_file=/etc/vsftpd/banner\n",
  "banner_file=/etc/vsftpd/lists\n",
  "banner_file=banner.txt\n",
  "deny_email_enable=NO\nbanned_email_file=/etc/missing\n",
  "secure_email_list_enable=NO\nemail_password_file=/etc/missing\n",
  "userlist_enable=YES\nlocal_enable=NO\nuserlist_file=/etc/missing\n",
  "userlist_enable=YES\nlocal_enable=YES\n",
  "chroot_list_enable=YES\nlocal_enable=NO\n",
].map((conf) => ({ conf, host }));

ruleTester(rule, {
  valid: [...valid, { conf: "ssl_enable=YES\nbanner_file=/nowhere\n", name: "no host: the rule does not run" }],
  invalid: [
    {
      conf: "local_enable=YES\nuserlist_enable=YES\nuserlist_file=/etc/vsftpd.user_list\n",
      host: debianHost({ asDaemon: false, files: { "/etc/vsftpd.user_list": unreadableFile("EACCES") } }),
      name: "a user list the linting user cannot read is not missing, and says why",
      errors: [{ messageId: "needsRoot", severity: "info", line: 3, contains: "not checked: needs root: userlist_file '/etc/vsftpd.user_list' (reading it fails for ftpctl: permission denied (EACCES)" }],
    },
    // A lookup error is not "missing": EACCES (a directory the linting user cannot search) and ELOOP.
    {
      conf: "banner_file=/srv/private/banner\n",
      host: debianHost({ files: { "/srv/private": unreachable("EACCES") } }),
      name: "EACCES is not 'does not exist'",
      errors: [
        {
          messageId: "unchecked",
          severity: "warning",
          line: 1,
          contains: "banner_file '/srv/private/banner' could not be checked: looking it up fails: permission denied (EACCES); if vsftpd meets the same error, every connection gets 500 OOPS (cannot read banner file:/srv/private/banner)",
        },
      ],
    },
    {
      conf: "banner_file=/srv/private/banner\n",
      host: debianHost({ asDaemon: false, files: { "/srv/private": unreachable("EACCES") } }),
      name: "EACCES as an ordinary user says so",
      errors: [{ messageId: "needsRoot", severity: "info", contains: "not checked: needs root: banner_file '/srv/private/banner' (looking it up fails for ftpctl: permission denied (EACCES); vsftpd runs as root)" }],
    },
    {
      conf: "ssl_enable=YES\nrsa_cert_file=/etc/ssl/loop.pem\n",
      host: debianHost({ files: { "/etc/ssl/loop.pem": link("/etc/ssl/loop.pem") } }),
      name: "ELOOP is not 'does not exist'",
      errors: [{ messageId: "unchecked", severity: "warning", line: 2, contains: "rsa_cert_file '/etc/ssl/loop.pem' could not be checked: looking it up fails: too many levels of symbolic links (ELOOP)" }],
    },
    {
      conf: "listen=YES\nssl_enable=YES\n",
      host,
      name: "ssl_enable alone: the compiled default certificate path does not exist on Debian",
      errors: [{ messageId: "missing", line: 2, contains: "'/usr/share/ssl/certs/vsftpd.pem' (the compiled default) does not exist: vsftpd refuses to start (SSL: cannot load RSA certificate)" }],
    },
    {
      conf: "ssl_enable=YES\nrsa_cert_file=/etc/ssl/certs/ftp.pem\n",
      host,
      errors: [{ messageId: "missing", line: 2, contains: "rsa_cert_file '/etc/ssl/certs/ftp.pem' does not exist" }],
    },
    {
      conf: "ssl_enable=YES\nrsa_cert_file=/etc/ssl/ftp.pem\nrsa_private_key_file=/etc/ssl/private/ftp.key\n",
      host,
      errors: [{ messageId: "missing", line: 3, contains: "(SSL: cannot load RSA private key)" }],
    },
    {
      conf: "ssl_enable=YES\nrsa_cert_file=/etc/ssl/ftp.pem\nrsa_private_key_file=/etc/ssl/ftp.key\ndsa_cert_file=/etc/ssl/dsa.pem\n",
      host,
      errors: [{ messageId: "missing", line: 4, contains: "SSL: cannot load DSA certificate" }],
    },
    {
      conf: "ssl_enable=YES\nrsa_cert_file=/etc/ssl/ftp.pem\ndsa_cert_file=/etc/ssl/ftp.pem\ndsa_private_key_file=/etc/ssl/dsa.key\n",
      host,
      errors: [{ messageId: "missing", line: 4, contains: "SSL: cannot load DSA private key" }],
    },
    {
      conf: "ssl_enable=YES\nrsa_cert_file=/etc/ssl/ftp.pem\nca_certs_file=/etc/ssl/clients.pem\n",
      host,
      name: "ca_certs_file is read because ssl_request_cert defaults to YES",
      errors: [{ messageId: "missing", line: 3, contains: "SSL: could not load verify file" }],
    },
    {
      conf: "ssl_enable=YES\nrsa_cert_file=/etc/ssl/ftp.pem\nssl_request_cert=NO\nrequire_cert=YES\nca_certs_file=/etc/ssl/clients.pem\n",
      host,
      errors: [{ messageId: "missing", line: 5 }],
    },
    {
      conf: "banner_file=/etc/vsftpd/welcome.txt\n",
      host,
      errors: [{ messageId: "missing", line: 1, contains: "every connection gets 500 OOPS (cannot read banner file:/etc/vsftpd/welcome.txt)" }],
    },
    {
      conf: "banner_file=/etc/vsftpd/dangling\n",
      host: debianHost({ files: { "/etc/vsftpd/dangling": link("/etc/vsftpd/gone") } }),
      name: "dangling symlink",
      errors: [{ messageId: "missing" }],
    },
    {
      conf: "anonymous_enable=YES\ndeny_email_enable=YES\n",
      host,
      errors: [{ messageId: "missing", line: 2, contains: "banned_email_file '/etc/vsftpd.banned_emails' (the compiled default)" }],
    },
    {
      conf: "secure_email_list_enable=YES\nemail_password_file=/etc/vsftpd/emails\n",
      host,
      errors: [{ messageId: "missing", line: 2, contains: "cannot read email passwords file:/etc/vsftpd/emails" }],
    },
    {
      conf: "local_enable=YES\nuserlist_enable=YES\nuserlist_file=/etc/vsftpd/user_list\n",
      host,
      errors: [{ messageId: "missing", line: 3, contains: "cannot read user list file:" }],
    },
    {
      conf: "local_enable=YES\nuserlist_enable=YES\n",
      host: debianHost(),
      name: "default user list missing",
      errors: [{ messageId: "missing", line: 2, contains: "(the compiled default)" }],
    },
    {
      conf: "local_enable=YES\nchroot_list_enable=YES\n",
      host,
      errors: [{ messageId: "missing", line: 2, contains: "every local login gets 500 OOPS (could not read chroot() list file:/etc/vsftpd.chroot_list)" }],
    },
    {
      conf: "ssl_enable=YES\nbanner_file=/nowhere\n",
      host,
      name: "two missing files, two findings",
      errors: [{ messageId: "missing", line: 1 }, { messageId: "missing", line: 2 }],
    },
  ],
});
