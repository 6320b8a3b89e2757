import { debianHost } from "../helpers/fake-facts.js";
import rule from "../../src/lint/rules/VSF805-missing-user.js";
import { ruleTester } from "../helpers/rule-tester.js";

const host = debianHost({ users: [{ name: "virtual", uid: 998, home: "/srv/virtual" }] });

ruleTester(rule, {
  valid: [
    { conf: "ftp_username=ghost\n", name: "no host: the rule does not run" },
    { conf: "listen=YES\n", host, name: "Debian defaults: ftp and nobody exist" },
    { conf: "anonymous_enable=NO\nlocal_enable=YES\nftp_username=ghost\n", host, name: "ftp_username unused without anonymous" },
    { conf: "local_enable=YES\nguest_enable=YES\nguest_username=virtual\n", host },
    { conf: "guest_enable=NO\nguest_username=ghost\n", host },
    { conf: "chown_uploads=YES\nchown_username=alice\n", host },
    { conf: "chown_uploads=NO\nchown_username=ghost\n", host },
    { conf: "nopriv_user=ftp\n", host },
    { conf: "ftp_username=\n", host, name: "an unset name is a file-only fault" },
    { conf: "anonymous_enable=YES\none_process_model=YES\nnopriv_user=ghost\n", host, name: "one_process_model has no nopriv process" },
  ],
  invalid: [
    {
      conf: "anonymous_enable=YES\nftp_username=anon\n",
      host,
      errors: [{ messageId: "named", line: 2, contains: "every connection gets 500 OOPS (vsftpd: cannot locate user specified in 'ftp_username':anon)" }],
    },
    {
      conf: "listen=YES\n",
      host: debianHost({ removeUsers: ["ftp"] }),
      name: "anonymous is on by default and the default ftp account is missing",
      errors: [{ messageId: "named", line: 1, contains: "ftp_username 'ftp' (the compiled default) is not a user" }],
    },
    {
      conf: "anonymous_enable=NO\nlocal_enable=YES\nguest_enable=YES\nguest_username=virt\n",
      host,
      errors: [{ messageId: "named", line: 4, contains: "(vsftpd: cannot locate user specified in 'guest_username':virt)" }],
    },
    {
      conf: "chown_uploads=YES\nchown_username=uploads\n",
      host,
      errors: [{ messageId: "named", line: 2, contains: "with chown_uploads=YES" }],
    },
    {
      conf: "chown_uploads=YES\n",
      host: debianHost({ removeUsers: ["root"] }),
      name: "default chown_username root missing",
      errors: [{ messageId: "named", line: 1, contains: "chown_username 'root' (the compiled default)" }],
    },
    {
      conf: "nopriv_user=vsftpd\n",
      host,
      errors: [{ messageId: "nopriv", line: 1, contains: "every connection gets 500 OOPS (cannot locate user entry:vsftpd)" }],
    },
    {
      conf: "anonymous_enable=NO\nlocal_enable=YES\n",
      host: debianHost({ removeUsers: ["nobody"] }),
      name: "default nopriv_user missing",
      errors: [{ messageId: "nopriv", contains: "(the compiled default)" }],
    },
  ],
});
