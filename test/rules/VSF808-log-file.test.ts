import { debianHost, dir, file, link, special, unreachable } from "../helpers/fake-facts.js";
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
    {
      conf: "xferlog_enable=YES\nvsftpd_log_file=/var/log/dangling\n",
      host: debianHost({ files: { "/var/log/dangling": link("/srv/ftp/new.log") } }),
      name: "a dangling symlink creates its target",
    },
    { conf: "xferlog_enable=YES\nvsftpd_log_file=/dev/null\n", host: debianHost({ files: { "/dev/null": special({ rdev: [1, 3] }) } }), name: "/dev/null opens" },
    {
      conf: "xferlog_enable=YES\nvsftpd_log_file=/dev/watchdog\n",
      host: debianHost({ files: { "/dev/watchdog": special({ rdev: [10, 130] }) } }),
      name: "other devices are never opened, so never judged",
    },
    {
      conf: "xferlog_enable=YES\nvsftpd_log_file=/run/log.fifo\n",
      host: debianHost({ files: { "/run/log.fifo": special({ kind: "fifo" }) } }),
      name: "a FIFO something reads",
    },
    {
      conf: "xferlog_enable=YES\nvsftpd_log_file=/proc/self/fd/7\n",
      host: debianHost({ files: { "/proc/self/fd/7": unreachable("EACCES") } }),
      name: "/proc/self is vsftpd's own process, not ftpctl's",
    },
    { conf: "xferlog_enable=YES\nvsftpd_log_file=/nowhere/v.log\n", name: "no host: the rule does not run" },
  ],
  invalid: [
    {
      conf: "xferlog_enable=YES\nvsftpd_log_file=/var/log/private/v.log\n",
      host: debianHost({ asDaemon: false, files: { "/var/log/private": unreachable("EACCES") } }),
      name: "a log behind a directory the linting user cannot search: not checked, never refused",
      errors: [
        {
          messageId: "needsRoot",
          severity: "info",
          line: 2,
          contains: "not checked: needs root: vsftpd_log_file '/var/log/private/v.log' (looking it up fails for ftpctl: permission denied (EACCES); vsftpd runs as root)",
        },
      ],
    },
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
    {
      conf: "xferlog_enable=YES\nvsftpd_log_file=/proc/1/fd/1\n",
      host: debianHost({ files: { "/proc/1/fd/1": unreachable("EACCES") } }),
      name: "a path whose lookup fails with EACCES is not missing",
      errors: [
        {
          messageId: "cannotOpen",
          line: 2,
          contains: "'/proc/1/fd/1' cannot be opened for appending: looking it up fails: permission denied (EACCES), so every connection gets 500 OOPS (failed to open vsftpd log file:/proc/1/fd/1)",
        },
      ],
    },
    {
      conf: "xferlog_enable=YES\nxferlog_std_format=YES\nxferlog_file=/dev/pts/xferlog\n",
      host,
      name: "devpts refuses to create files",
      errors: [
        {
          messageId: "noCreate",
          line: 3,
          contains: "directory '/dev/pts' is on a devpts file system, which does not let files be created, so every connection gets 500 OOPS (failed to open xferlog log file:/dev/pts/xferlog)",
        },
      ],
    },
    {
      conf: "xferlog_enable=YES\nvsftpd_log_file=/proc/vsftpd.log\n",
      host,
      name: "proc refuses to create files",
      errors: [{ messageId: "noCreate", line: 2, contains: "on a proc file system" }],
    },
    {
      conf: "xferlog_enable=YES\nvsftpd_log_file=/run/log.fifo\n",
      host: debianHost({ files: { "/run/log.fifo": special({ kind: "fifo", openError: "ENXIO" }) } }),
      name: "a FIFO nobody reads",
      errors: [{ messageId: "cannotOpen", line: 2, contains: "it is a FIFO nobody reads, so vsftpd's non-blocking open fails (ENXIO)" }],
    },
    {
      conf: "xferlog_enable=YES\nvsftpd_log_file=/run/log.sock\n",
      host: debianHost({ files: { "/run/log.sock": special({ kind: "socket" }) } }),
      name: "a socket",
      errors: [{ messageId: "cannotOpen", contains: "it is a socket, which open() refuses (ENXIO)" }],
    },
    {
      conf: "xferlog_enable=YES\nvsftpd_log_file=/dev/stdout\n",
      host,
      name: "standard output is the client's socket in a session",
      errors: [{ messageId: "cannotOpen", line: 2, contains: "in a vsftpd session it is the client's socket, which open() refuses (ENXIO)" }],
    },
    { conf: "xferlog_enable=YES\nxferlog_std_format=YES\nxferlog_file=/proc/self/fd/2\n", host, errors: [{ messageId: "cannotOpen", line: 3 }] },
    {
      conf: "xferlog_enable=YES\nvsftpd_log_file=/var/log/loop\n",
      host: debianHost({ files: { "/var/log/loop": link("loop") } }),
      name: "a symlink loop is not missing",
      errors: [{ messageId: "cannotOpen", contains: "looking it up fails: too many levels of symbolic links (ELOOP)" }],
    },
    {
      conf: "xferlog_enable=YES\nvsftpd_log_file=/var/log/gone\n",
      host: debianHost({ files: { "/var/log/gone": link("/nowhere/x.log") } }),
      name: "a dangling symlink into a missing directory",
      errors: [{ messageId: "noDir", contains: "directory '/nowhere' does not exist" }],
    },
    {
      conf: "xferlog_enable=YES\n",
      host: debianHost({ mounts: [{ point: "/var/log", fsType: "ext4", readOnly: true }] }),
      name: "a read-only mount",
      errors: [{ messageId: "readOnly", line: 1, contains: "directory '/var/log' is on a read-only file system" }],
    },
    {
      conf: "xferlog_enable=YES\nvsftpd_log_file=/var/log/vsftpd.log\n",
      host: debianHost({ files: { "/var/log/vsftpd.log": { ...file(""), openError: "EROFS" } } }),
      name: "an existing file that cannot be opened for writing",
      errors: [{ messageId: "cannotOpen", contains: "opening it fails: read-only file system (EROFS)" }],
    },
  ],
});
