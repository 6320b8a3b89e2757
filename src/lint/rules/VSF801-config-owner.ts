import { formatMode } from "../../vsftpd/values.js";
import { defineRule } from "../rule.js";

/**
 * vsftpd stat()s the config (symlinks followed) and refuses to start unless
 * it is a regular file owned by the uid it runs as. It never looks at the
 * mode, so a root-owned 0666 file is accepted: that is the security warning.
 */
export default defineRule({
  code: "VSF801",
  name: "config-owner",
  severity: "error",
  category: "host",
  host: true,
  description: "The config file must be a regular file owned by the user vsftpd runs as (root).",
  messages: {
    notFile:
      "{file} is a {type}, not a regular file: vsftpd refuses to start (config file not owned by correct user, or not a file)",
    wrongOwner:
      "{file} is owned by uid {uid}, not {want}: vsftpd refuses to start (config file not owned by correct user, or not a file)",
    writable:
      "{file} is {who}-writable (mode {mode}): vsftpd does not check, but anyone who can edit it controls the server as root",
  },
  check(ctx) {
    const host = ctx.host!;
    const found = host.lookup(ctx.file);
    // The file was just read; a lookup that fails now proves nothing about it.
    if (found.state !== "found") return;
    const st = found.info;
    const file = ctx.file;
    if (st.type !== "file") {
      ctx.report({ messageId: "notFile", data: { file, type: st.type === "dir" ? "directory" : "special file" } });
      return;
    }
    // With run_as_launching_user vsftpd runs as whoever starts it, presumably the file's owner.
    if (st.uid !== host.daemonUid && !ctx.get("run_as_launching_user")) {
      ctx.report({ messageId: "wrongOwner", data: { file, uid: st.uid, want: host.daemonUid } });
      return;
    }
    const mode = formatMode(st.mode);
    if (st.mode & 0o002) ctx.report({ messageId: "writable", severity: "warning", data: { file, who: "world", mode } });
    else if (st.mode & 0o020 && st.gid !== 0) ctx.report({ messageId: "writable", severity: "warning", data: { file, who: `group (gid ${st.gid})`, mode } });
  },
});
