import { debianHost, dir, file, link, unreachable } from "../helpers/fake-facts.js";
import rule from "../../src/lint/rules/VSF801-config-owner.js";
import { ruleTester } from "../helpers/rule-tester.js";

const conf = "listen=YES\n";

ruleTester(rule, {
  valid: [
    { conf, host: debianHost({ files: { "t.conf": unreachable("EACCES") } }), name: "a config whose lookup fails now is not judged" },
    { conf, host: debianHost({ files: { "t.conf": link("t.conf") } }), name: "a config behind a symlink loop is not judged" },
    { conf, name: "no host: the rule does not run" },
    { conf, host: debianHost(), name: "root-owned 0600" },
    { conf, host: debianHost({ files: { "t.conf": file(conf, { mode: 0o644 }) } }), name: "root-owned 0644" },
    { conf, host: debianHost({ files: { "t.conf": file(conf, { mode: 0o664 }) } }), name: "group-writable by root's group" },
    {
      conf,
      host: debianHost({ files: { "t.conf": link("/etc/vsftpd.conf"), "/etc/vsftpd.conf": file(conf, { mode: 0o600 }) } }),
      name: "symlink to a root-owned file",
    },
    { conf, host: debianHost({ files: { "t.conf": null } }), name: "config not on this machine (stdin)" },
    {
      conf: "listen=YES\nrun_as_launching_user=YES\n",
      host: debianHost({ files: { "t.conf": file(conf, { uid: 1000, mode: 0o600 }) } }),
      name: "run_as_launching_user: vsftpd runs as the file's owner",
    },
  ],
  invalid: [
    {
      conf,
      host: debianHost({ files: { "t.conf": file(conf, { uid: 1000, mode: 0o600 }) } }),
      name: "owned by a user",
      errors: [{ messageId: "wrongOwner", line: 1, col: 1, severity: "error", contains: "uid 1000, not 0" }],
    },
    { conf, host: debianHost({ files: { "t.conf": dir() } }), name: "a directory", errors: [{ messageId: "notFile", contains: "directory" }] },
    {
      conf,
      host: debianHost({ files: { "t.conf": link("/home/alice/v.conf"), "/home/alice/v.conf": file(conf, { uid: 1000 }) } }),
      name: "symlink to a user-owned file",
      errors: [{ messageId: "wrongOwner" }],
    },
    {
      conf,
      host: debianHost({ files: { "t.conf": file(conf, { mode: 0o666 }) } }),
      name: "root-owned but world-writable",
      errors: [{ messageId: "writable", severity: "warning", contains: "world-writable (mode 0666)" }],
    },
    {
      conf,
      host: debianHost({ files: { "t.conf": file(conf, { gid: 50, mode: 0o664 }) } }),
      name: "group-writable by a non-root group",
      errors: [{ messageId: "writable", severity: "warning", contains: "gid 50" }],
    },
    {
      conf,
      host: debianHost({ daemonUid: 1000 }),
      name: "vsftpd running as another user",
      errors: [{ messageId: "wrongOwner", contains: "not 1000" }],
    },
  ],
});
