import rule from "../../src/lint/rules/VSF605-inert-option.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "anonymous_enable=YES\nwrite_enable=YES\nanon_upload_enable=YES\n",
    { conf: "anonymous_enable=YES\nanon_upload_enable=NO\n", name: "switching an inert option off says nothing wrong" },
    { conf: "anonymous_enable=NO\nanon_umask=077\n", name: "set to the default" },
    { conf: "ssl_enable=NO\nssl_sslv3=NO\nssl_tlsv1=YES\n", name: "TLS hardening at the defaults while TLS is off" },
    { conf: "chroot_list_enable=YES\nlocal_enable=YES\nchroot_list_file=/etc/vsftpd.chroot_list\n" },
    { conf: "local_enable=YES\nchroot_list_file=/etc/vsftpd.chroot_list\nssl_ciphers=ECDHE-RSA-AES256-GCM-SHA384\n", name: "pinned compiled defaults are not inert settings" },
    { conf: "local_enable=YES\nrsa_cert_file=/etc/ssl/certs/x.pem\n", name: "certificate without TLS for local users is VSF703's" },
    { conf: "userlist_deny=NO\n", name: "userlist_deny without userlist_enable is VSF607's" },
    { conf: "max_clients=10\n", name: "standalone" },
    {
      conf: "anonymous_enable=NO\nlocal_enable=YES\nguest_enable=YES\nwrite_enable=YES\nanon_upload_enable=YES\nanon_umask=022\n",
      name: "guests without virtual_use_local_privs run with anonymous privileges",
    },
    { conf: "xferlog_enable=YES\nxferlog_std_format=YES\nxferlog_file=/var/log/x\n" },
    { conf: "dual_log_enable=YES\nxferlog_file=/var/log/x\nvsftpd_log_file=/var/log/y\n" },
    { conf: "ssl_tlsv1_1=YES\n", name: "an option this build lacks is VSF101's" },
    { conf: "local_root=/srv\nlocal_root=\n", name: "unset at the end" },
  ],
  invalid: [
    {
      conf: "anonymous_enable=YES\nanon_upload_enable=YES\n",
      errors: [{ messageId: "inert", line: 2, col: 1, contains: "needs write_enable=YES, and write_enable defaults to NO" }],
    },
    {
      conf: "anonymous_enable=YES\nwrite_enable=NO\nanon_mkdir_write_enable=YES\n",
      errors: [{ messageId: "inert", line: 3, contains: "line 2 sets write_enable=NO" }],
    },
    {
      conf: "anonymous_enable=NO\nlocal_enable=YES\nanon_root=/srv/ftp\nanon_umask=022\n",
      errors: [
        { messageId: "inert", line: 3, contains: "anon_root=/srv/ftp does nothing: it needs anonymous_enable=YES, and line 1" },
        { messageId: "inertDerived", line: 4, contains: "guest_enable=YES with virtual_use_local_privs=NO" },
      ],
    },
    {
      conf: "anonymous_enable=NO\nwrite_enable=YES\nanon_upload_enable=YES\n",
      name: "the first missing switch is reported once",
      errors: [{ messageId: "inertDerived", line: 3 }],
    },
    { conf: "local_enable=YES\nchroot_list_file=/etc/vsftpd/jail.list\n", errors: [{ messageId: "inert", contains: "chroot_list_enable=YES" }] },
    { conf: "local_enable=YES\nuserlist_file=/etc/ftpusers\n", errors: [{ messageId: "inert", contains: "userlist_enable=YES" }] },
    { conf: "anonymous_enable=YES\nchown_username=nobody\n", errors: [{ messageId: "inert", contains: "chown_uploads=YES" }] },
    { conf: "message_file=.welcome\n", errors: [{ messageId: "inert", contains: "dirmessage_enable=YES" }] },
    {
      conf: "local_enable=NO\nlocal_umask=022\nlocal_root=/srv\nchroot_local_user=YES\n",
      errors: [
        { messageId: "inert", line: 2, contains: "local_enable=YES" },
        { messageId: "inert", line: 3 },
        { messageId: "inert", line: 4 },
      ],
    },
    {
      conf: "ssl_enable=NO\nssl_ciphers=HIGH\nrequire_ssl_reuse=NO\nforce_local_logins_ssl=YES\nlocal_enable=YES\n",
      errors: [
        { messageId: "inert", line: 2, contains: "ssl_enable=YES, and line 1 sets ssl_enable=NO" },
        { messageId: "inert", line: 3 },
        // YES is the default, but writing it states an intent vsftpd ignores.
        { messageId: "inert", line: 4, contains: "force_local_logins_ssl=YES does nothing" },
      ],
    },
    { conf: "rsa_cert_file=/etc/ssl/certs/x.pem\n", name: "no local users: plain inert", errors: [{ messageId: "inert", contains: "ssl_enable" }] },
    {
      conf: "pasv_enable=NO\npasv_min_port=40000\npasv_max_port=40100\npasv_address=1.2.3.4\npasv_promiscuous=YES\n",
      errors: [{ messageId: "inert", line: 2 }, { messageId: "inert", line: 3 }, { messageId: "inert", line: 4 }, { messageId: "inert", line: 5, contains: "pasv_enable=YES" }],
    },
    {
      conf: "xferlog_enable=YES\nxferlog_file=/var/log/ftp/xfer.log\n",
      name: "xferlog_file is only used with xferlog_std_format=YES",
      errors: [{ messageId: "inertDerived", contains: "xferlog_std_format=YES" }],
    },
    { conf: "xferlog_file=/var/log/ftp/xfer.log\n", errors: [{ messageId: "inertDerived" }] },
    {
      conf: "xferlog_enable=YES\nsyslog_enable=YES\nvsftpd_log_file=/var/log/v.log\n",
      errors: [{ messageId: "inertDerived", contains: "syslog_enable=NO" }],
    },
    { conf: "connect_from_port_20=YES\nport_enable=NO\n", errors: [{ messageId: "inert", contains: "port_enable=YES" }] },
    { conf: "ftp_data_port=2020\n", errors: [{ messageId: "inert", contains: "connect_from_port_20=YES" }] },
    {
      conf: "max_clients=10\nmax_per_ip=2\n",
      options: { standalone: false },
      errors: [{ messageId: "inertDerived", line: 1, contains: "standalone" }, { messageId: "inertDerived", line: 2 }],
    },
    { conf: "virtual_use_local_privs=YES\nlocal_enable=YES\n", errors: [{ messageId: "inert", contains: "guest_enable=YES" }] },
    {
      conf: "ssl_tlsv1_1=YES\n",
      options: { distro: "rhel" },
      name: "RHEL-only TLS options follow ssl_enable too",
      errors: [{ messageId: "inert", contains: "ssl_enable=YES" }],
    },
  ],
});
