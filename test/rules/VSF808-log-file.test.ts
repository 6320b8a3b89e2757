import { debianHost, dir, link } from "../../src/host/fake-facts.js";
import rule from "../../src/lint/rules/VSF808-log-file.js";
import { ruleTester } from "../helpers/rule-tester.js";

const host = debianHost({ files: { "/var/log/ftp": dir(), "/var/log/vsftpd.log": "", "/srv/file": "x" } });

ruleTester(rule, {
  valid: [
    ...[
      "xferlog_enable=NO\nvsftpd_log_file=/nowhere/v.log\n",
      "xferlog_enable=YES\n",
      "xferlog_enable=YES\nxferlog_std_format=YES\n",
      "dual_log_enable=YES\n",
      "xferlog_enable=YES\nvsftpd_log_file=/var/log/ftp/new.log\n",
      "xferlog_enable=YES\nxferlog_file=/nowhere/x.log\n",
      "xferlog_enable=YES\nxferlog_std_format=YES\nvsftpd_log_file=/nowhere/v.log\n",
      "xferlog_enable=YES\nsyslog_enable=YES\nvsftpd_log_file=/nowhere/v.log\n",
      "xferlog_enable=YES\nvsftpd_log_file=logs/v.log\n",
      "xferlog_enable=YES\nvsftpd_log_file=/srv/file\n",
    ].map((conf) => ({ conf, host })),
    { conf: "xferlog_enable=YES\nvsftpd_log_file=/var/log/dangling\n", host: debianHost({ files: { "/var/log/dangling": link("/gone/x") } }), name: "dangling symlink is not guessed at" },
    { conf: "xferlog_enable=YES\nvsftpd_log_file=/nowhere/v.log\n", name: "no host: the rule does not run" },
  ],
  invalid: [
    {
      conf: "xferlog_enable=YES\nvsftpd_log_file=/var/log/vsftpd/vsftpd.log\n",
      host,
      errors: [
        {
          messageId: "noDir",
          line: 2,
          contains: "directory '/var/log/vsftpd' does not exist, so every connection gets 500 OOPS (failed to open vsftpd log file:/var/log/vsftpd/vsftpd.log)",
        },
      ],
    },
    {
      conf: "xferlog_enable=YES\n",
      host: debianHost({ files: { "/var/log": null } }),
      name: "default vsftpd log without /var/log",
      errors: [{ messageId: "noDir", line: 1, contains: "vsftpd_log_file '/var/log/vsftpd.log' (the compiled default)" }],
    },
    {
      conf: "xferlog_enable=YES\nxferlog_std_format=YES\nxferlog_file=/var/log/ftp/x/xferlog\n",
      host,
      errors: [{ messageId: "noDir", line: 3, contains: "(failed to open xferlog log file:/var/log/ftp/x/xferlog)" }],
    },
    {
      conf: "dual_log_enable=YES\nxferlog_file=/nowhere/x.log\nvsftpd_log_file=/nowhere/v.log\n",
      host,
      name: "dual_log_enable opens both",
      errors: [{ messageId: "noDir", line: 2 }, { messageId: "noDir", line: 3 }],
    },
    {
      conf: "dual_log_enable=YES\nsyslog_enable=YES\nxferlog_file=/nowhere/x.log\n",
      host,
      name: "syslog_enable spares only the vsftpd log",
      errors: [{ messageId: "noDir", line: 3, contains: "xferlog_file" }],
    },
    { conf: "xferlog_enable=YES\nvsftpd_log_file=/var/log/ftp\n", host, errors: [{ messageId: "isDir", line: 2 }] },
    { conf: "xferlog_enable=YES\nvsftpd_log_file=/srv/file/v.log\n", host, errors: [{ messageId: "noDir", contains: "'/srv/file' is not a directory" }] },
  ],
});
