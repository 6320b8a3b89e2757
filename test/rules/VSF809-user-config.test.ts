import { debianHost, dir, file, link, unreachable, unreadableFile, type FakeMachine, type FakeNode } from "../helpers/fake-facts.js";
import rule from "../../src/lint/rules/VSF809-user-config.js";
import { ruleTester } from "../helpers/rule-tester.js";

const conf = "local_enable=YES\nuser_config_dir=/etc/vsftpd/users\n";
const users = (files: Record<string, FakeNode>, more: FakeMachine = {}) =>
  debianHost({ ...more, files: { ...more.files, ...Object.fromEntries(Object.entries(files).map(([k, v]) => [`/etc/vsftpd/users/${k}`, v])) } });

ruleTester(rule, {
  valid: [
    { conf, name: "no host: the rule does not run" },
    { conf, host: users({ alice: file("local_root=/srv/alice\nwrite_enable=YES\n", { mode: 0o600 }) }), name: "root-owned, every line accepted" },
    { conf, host: debianHost({ files: { "/etc/vsftpd/users": dir() } }), name: "no file for anybody" },
    { conf: "local_enable=YES\n", host: users({ alice: file("bogus=1\n", { uid: 1000 }) }), name: "user_config_dir unset" },
    { conf: "local_enable=NO\nanonymous_enable=YES\nuser_config_dir=/etc/vsftpd/users\n", host: users({ alice: file("bogus=1\n") }), name: "local users off" },
    { conf, host: users({ bob: file("bogus=1\n") }), name: "file for an account that does not log in" },
    { conf, host: users({ alice: file("bogus=1\n") }, { files: { "/etc/ftpusers": "root\nalice\n" } }), name: "file for a user in /etc/ftpusers" },
    { conf: "local_enable=YES\nuser_config_dir=users\n", host: users({ alice: file("bogus=1\n") }), name: "relative user_config_dir" },
  ],
  invalid: [
    {
      conf,
      host: users({ alice: unreachable("EACCES") }),
      name: "a per-user file whose lookup fails with EACCES is not skipped as missing",
      errors: [{ messageId: "unchecked", severity: "warning", line: 2, contains: "per-user config '/etc/vsftpd/users/alice' (local user alice) could not be checked: looking it up fails: permission denied (EACCES)" }],
    },
    {
      conf,
      host: users({ alice: link("/etc/vsftpd/users/alice") }),
      name: "a per-user file behind a symlink loop",
      errors: [{ messageId: "unchecked", severity: "warning", contains: "too many levels of symbolic links (ELOOP)" }],
    },
    {
      conf,
      host: users({ alice: unreadableFile("EACCES") }, { asDaemon: false }),
      name: "a root-only per-user file read by an ordinary user",
      errors: [{ messageId: "needsRoot", severity: "info", contains: "not checked: needs root: per-user config '/etc/vsftpd/users/alice' (local user alice) (reading it fails for ftpctl: permission denied (EACCES)" }],
    },
    {
      conf,
      host: users({ alice: file("bogus_option=YES\n") }),
      name: "unknown option",
      errors: [{ messageId: "refused", line: 2, contains: "'/etc/vsftpd/users/alice' (local user alice), line 1: those logins get 500 OOPS (unrecognised variable in config file: bogus_option)" }],
    },
    {
      conf,
      host: users({ alice: file("# comment\nwrite_enable=yes please\n") }),
      name: "bad bool on line 2",
      errors: [{ messageId: "refused", contains: "line 2: those logins get 500 OOPS (bad bool value in config file for: write_enable)" }],
    },
    {
      conf,
      host: users({ alice: file("write_enable=YES\n", { uid: 1000 }) }),
      name: "owned by the user",
      errors: [{ messageId: "owner", line: 2, contains: "is owned by uid 1000, not 0: those logins get 500 OOPS (config file not owned by correct user, or not a file)" }],
    },
    { conf, host: users({ alice: dir() }), name: "a directory", errors: [{ messageId: "owner", contains: "is not a regular file" }] },
    {
      conf: "anonymous_enable=YES\nuser_config_dir=/etc/vsftpd/users\n",
      host: users({ ftp: file("anon_root=\nlisten_port=abc\nbad line\n") }),
      name: "anonymous sessions load the file named after ftp_username",
      errors: [{ messageId: "refused", contains: "anonymous logins, as ftp_username 'ftp'), line 3" }],
    },
  ],
});
