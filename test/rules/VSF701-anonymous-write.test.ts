import rule from "../../src/lint/rules/VSF701-anonymous-write.js";
import { ruleTester } from "../helpers/rule-tester.js";

const ANON_WRITE = "anonymous_enable=YES\nwrite_enable=YES\n";

ruleTester(rule, {
  valid: [
    "anonymous_enable=YES\nwrite_enable=NO\nanon_upload_enable=YES\n",
    { conf: "anonymous_enable=NO\nlocal_enable=YES\nwrite_enable=YES\nanon_upload_enable=YES\n", name: "anonymous off" },
    { conf: ANON_WRITE, name: "write_enable alone gives anonymous users nothing" },
    { conf: ANON_WRITE + "anon_upload_enable=NO\n" },
  ],
  invalid: [
    {
      conf: ANON_WRITE + "anon_upload_enable=YES\n",
      name: "default anon_umask 077: uploads come out 0600 and are not served",
      errors: [{ messageId: "upload", line: 3, col: 1, contains: "can upload files:" }],
    },
    {
      conf: ANON_WRITE + "anon_mkdir_write_enable=YES\n",
      errors: [{ messageId: "upload", line: 3, contains: "create directories" }],
    },
    {
      conf: ANON_WRITE + "anon_upload_enable=YES\nanon_mkdir_write_enable=YES\n",
      errors: [{ messageId: "upload", line: 3, contains: "upload files and create directories" }],
    },
    {
      conf: ANON_WRITE + "anon_upload_enable=YES\nanon_umask=022\n",
      errors: [{ messageId: "served", line: 3, contains: "come out 0644" }],
    },
    {
      conf: ANON_WRITE + "anon_upload_enable=YES\nanon_world_readable_only=NO\n",
      name: "without anon_world_readable_only even 0600 uploads are served",
      errors: [{ messageId: "served", contains: "set chown_uploads=YES, or anon_world_readable_only=YES" }],
    },
    {
      conf: ANON_WRITE + "anon_upload_enable=YES\nanon_umask=022\nchown_uploads=YES\n",
      name: "chown_uploads with chown_upload_mode 0600 stops the round trip",
      errors: [{ messageId: "upload" }],
    },
    {
      conf: ANON_WRITE + "anon_upload_enable=YES\nchown_uploads=YES\nchown_upload_mode=0644\n",
      errors: [{ messageId: "served", contains: "chown_upload_mode=0600" }],
    },
    {
      conf: ANON_WRITE + "anon_upload_enable=YES\nanon_umask=022\ndownload_enable=NO\n",
      name: "no downloads at all",
      errors: [{ messageId: "upload" }],
    },
    {
      conf: ANON_WRITE + "anon_other_write_enable=YES\n",
      errors: [{ messageId: "other", line: 3, contains: "delete, rename and overwrite" }],
    },
    {
      conf: ANON_WRITE + "anon_upload_enable=YES\nanon_other_write_enable=YES\nanon_umask=022\n",
      errors: [
        { messageId: "served", line: 3 },
        { messageId: "other", line: 4 },
      ],
    },
    {
      conf: "write_enable=YES\nanon_upload_enable=YES\n",
      name: "anonymous_enable defaults to YES",
      errors: [{ messageId: "upload", line: 2 }],
    },
  ],
});
