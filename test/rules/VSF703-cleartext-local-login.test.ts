import rule from "../../src/lint/rules/VSF703-cleartext-local-login.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "local_enable=YES\nssl_enable=YES\n",
    "local_enable=YES\nssl_enable=YES\nforce_local_logins_ssl=YES\nforce_local_data_ssl=YES\n",
    { conf: "local_enable=NO\nssl_enable=YES\nforce_local_logins_ssl=NO\n", name: "no local users" },
    { conf: "local_enable=NO\n", name: "local users off, TLS off" },
    { conf: "anonymous_enable=YES\nlocal_enable=NO\nssl_enable=NO\n", name: "anonymous only, plain FTP: no passwords to leak" },
    { conf: "anonymous_enable=YES\nrsa_cert_file=/etc/ssl/certs/x.pem\n", name: "anonymous only (VSF605)" },
  ],
  invalid: [
    {
      conf: "local_enable=YES\nssl_enable=YES\nforce_local_logins_ssl=NO\n",
      errors: [{ messageId: "logins", line: 3, col: 1, contains: "passwords" }],
    },
    {
      conf: "local_enable=YES\nssl_enable=YES\nforce_local_data_ssl=NO\n",
      errors: [{ messageId: "data", line: 3, contains: "file contents" }],
    },
    {
      conf: "local_enable=YES\nssl_enable=YES\nforce_local_logins_ssl=NO\nforce_local_data_ssl=NO\n",
      errors: [{ messageId: "logins", line: 3 }, { messageId: "data", line: 4 }],
    },
    {
      name: "Debian's shipped vsftpd.conf",
      conf:
        "listen=NO\nlisten_ipv6=YES\nanonymous_enable=NO\nlocal_enable=YES\ndirmessage_enable=YES\nuse_localtime=YES\nxferlog_enable=YES\n" +
        "connect_from_port_20=YES\nsecure_chroot_dir=/var/run/vsftpd/empty\npam_service_name=vsftpd\n" +
        "rsa_cert_file=/etc/ssl/certs/ssl-cert-snakeoil.pem\nrsa_private_key_file=/etc/ssl/private/ssl-cert-snakeoil.key\nssl_enable=NO\n",
      errors: [{ messageId: "tlsOff", line: 13, contains: "(rsa_cert_file)" }],
    },
    {
      conf: "local_enable=YES\nrsa_private_key_file=/etc/ssl/private/x.key\n",
      name: "no ssl_enable line: points at the certificate line",
      errors: [{ messageId: "tlsOff", line: 2, contains: "(rsa_private_key_file)" }],
    },
    {
      name: "local users without any TLS: the most common insecure setup",
      conf: "listen=YES\nanonymous_enable=NO\nlocal_enable=YES\nwrite_enable=YES\n",
      errors: [{ messageId: "noTls", line: 3, col: 1, severity: "warning", contains: "system passwords over plain FTP" }],
    },
    {
      name: "ssl_enable=NO written out: points at it",
      conf: "local_enable=YES\nssl_enable=NO\n",
      errors: [{ messageId: "noTls", line: 2 }],
    },
    {
      name: "certificate unset: no TLS material, still clear text",
      conf: "local_enable=YES\nrsa_cert_file=\n",
      errors: [{ messageId: "noTls", line: 1 }],
    },
    {
      name: "ssl_enable=YES overridden by a later ssl_enable=NO",
      conf: "local_enable=YES\nssl_enable=YES\nssl_enable=NO\n",
      errors: [{ messageId: "noTls", line: 3 }],
    },
  ],
});
