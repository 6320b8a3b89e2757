import { posix } from "node:path";
import { at } from "../host-checks/messages.js";
import { on, str } from "../host-checks/settings.js";
import { defineRule } from "../rule.js";
import type { OptionName } from "../../vsftpd/options.js";

/**
 * Each session opens its log files (O_CREAT|O_APPEND, as root) before the
 * greeting, so a log that cannot be created refuses every connection. Which
 * files are opened follows logging.c: the xferlog with xferlog_std_format or
 * dual_log_enable, the vsftpd log otherwise, unless syslog_enable takes it.
 */
export default defineRule({
  code: "VSF808",
  name: "log-file",
  severity: "error",
  category: "host",
  host: true,
  description: "A log file vsftpd must open cannot be created because its directory is missing, or is a directory itself.",
  messages: {
    noDir:
      "{option} '{path}'{origin} cannot be created: directory '{dir}' {problem}, so every connection gets 500 OOPS ({oops}{path})",
    isDir: "{option} '{path}'{origin} is a directory: every connection gets 500 OOPS ({oops}{path})",
  },
  check(ctx) {
    const host = ctx.host!;
    const dual = on(ctx.get, "dual_log_enable");
    const std = on(ctx.get, "xferlog_std_format");
    if (!on(ctx.get, "xferlog_enable") && !dual) return;
    const logs: { option: OptionName; oops: string }[] = [];
    if (dual || std) logs.push({ option: "xferlog_file", oops: "failed to open xferlog log file:" });
    if ((dual || !std) && !on(ctx.get, "syslog_enable")) logs.push({ option: "vsftpd_log_file", oops: "failed to open vsftpd log file:" });
    for (const { option, oops } of logs) {
      const path = str(ctx.get, option);
      // Relative paths depend on vsftpd's working directory; unset is a file-only fault.
      if (path === null || !path.startsWith("/")) continue;
      const where = at(ctx, option, "xferlog_enable", "dual_log_enable");
      const origin = ctx.isSet(option) ? "" : " (the compiled default)";
      const st = host.stat(path);
      if (st) {
        if (st.type === "dir") ctx.report({ messageId: "isDir", data: { option, path, origin, oops }, ...where });
        continue;
      }
      // A dangling symlink is followed by O_CREAT; its target's directory is not worth guessing.
      if (host.lstat(path)) continue;
      const dir = posix.dirname(path);
      const dst = host.stat(dir);
      if (dst?.type === "dir") continue;
      const problem = dst ? "is not a directory" : "does not exist";
      ctx.report({ messageId: "noDir", data: { option, path, origin, dir, problem, oops }, ...where });
    }
  },
});
