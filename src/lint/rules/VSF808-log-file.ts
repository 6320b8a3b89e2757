import type { AppendOpen } from "../../host/facts.js";
import { at, errnoText, needsRootWhy } from "../host-checks/messages.js";
import { on, str } from "../host-checks/settings.js";
import { defineRule } from "../rule.js";
import type { OptionName } from "../../vsftpd/options.js";

type Failure = Extract<AppendOpen, { outcome: "fails" }>;

function reason(f: Failure, path: string): string {
  const errno = errnoText(f.code);
  if (f.fileType === "fifo") return `it is a FIFO nobody reads, so vsftpd's non-blocking open fails (${f.code})`;
  if (f.fileType === "socket") return `it is a socket, which open() refuses (${f.code})`;
  if (f.fileType === "session") return `in a vsftpd session it is the client's socket, which open() refuses (${f.code})`;
  if (f.cause === "lookup") return f.at === path ? `looking it up fails: ${errno}` : `looking up '${f.at}' fails: ${errno}`;
  if (f.cause === "dirDenied") return `directory '${f.at}' refuses new files: ${errno}`;
  return `opening it fails: ${errno}`;
}

/**
 * Each session opens its log files (O_CREAT|O_APPEND|O_NONBLOCK, as root)
 * before the greeting, so a log that cannot be opened or created refuses
 * every connection. Which files are opened follows logging.c: the xferlog
 * with xferlog_std_format or dual_log_enable, the vsftpd log otherwise,
 * unless syslog_enable takes it. What the open would do comes from the
 * host (HostFacts.appendOpen), which predicts it without writing anything.
 */
export default defineRule({
  code: "VSF808",
  name: "log-file",
  severity: "error",
  category: "host",
  host: true,
  description: "A log file vsftpd must open for appending cannot be opened or created (missing directory, a directory, devpts or proc, a FIFO nobody reads, a lookup error).",
  messages: {
    noDir:
      "{option} '{path}'{origin} cannot be created: directory '{dir}' {problem}, so every connection gets 500 OOPS ({oops}{path})",
    isDir: "{option} '{path}'{origin} is a directory: every connection gets 500 OOPS ({oops}{path})",
    noCreate:
      "{option} '{path}'{origin} cannot be created: directory '{dir}' is on a {fsType} file system, which does not let files be created, so every connection gets 500 OOPS ({oops}{path})",
    readOnly:
      "{option} '{path}'{origin} cannot be created: directory '{dir}' is on a read-only file system, so every connection gets 500 OOPS ({oops}{path})",
    cannotOpen: "{option} '{path}'{origin} cannot be opened for appending: {reason}, so every connection gets 500 OOPS ({oops}{path})",
    needsRoot: "not checked: needs root: {option} '{path}'{origin} ({why}); run lint --host as root to check it",
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
      const open = host.appendOpen(path);
      const where = at(ctx, option, "xferlog_enable", "dual_log_enable");
      const origin = ctx.isSet(option) ? "" : " (the compiled default)";
      if (open.outcome === "unknown" && open.needsRoot) {
        const { code, cause, at: met } = open.needsRoot;
        const doing = cause !== "lookup" ? "opening it" : met === path ? "looking it up" : `looking up '${met}'`;
        ctx.report({ messageId: "needsRoot", severity: "info", data: { option, path, origin, why: needsRootWhy(doing, code) }, ...where });
      }
      if (open.outcome !== "fails") continue;
      const data = { option, path, origin, oops, dir: open.at };
      switch (open.cause) {
        case "isDir":
          ctx.report({ messageId: "isDir", data, ...where });
          break;
        case "noDir":
          ctx.report({ messageId: "noDir", data: { ...data, problem: open.code === "ENOTDIR" ? "is not a directory" : "does not exist" }, ...where });
          break;
        case "noCreate":
          ctx.report({ messageId: "noCreate", data: { ...data, fsType: open.fsType ?? "special" }, ...where });
          break;
        case "readOnly":
          ctx.report({ messageId: "readOnly", data, ...where });
          break;
        default:
          ctx.report({ messageId: "cannotOpen", data: { ...data, reason: reason(open, path) }, ...where });
      }
    }
  },
});
