import { defineRule, type RuleContext } from "../rule.js";
import { hostNameProblem } from "../checks/host-name.js";
import { reportAton } from "../checks/inet.js";
import { show } from "../checks/show.js";
import type { SettingLine } from "../../vsftpd/scan.js";

function hint(value: string): string {
  if (/^['"]/.test(value)) return "; remove the quotes";
  if (value.includes(":")) return "; PASV replies carry IPv4 only (EPSV clients need no address)";
  if (/^[^\d]/.test(value) && /[a-zA-Z]/.test(value)) return "; for a host name set pasv_addr_resolve=YES";
  return "";
}

/**
 * postlogin.c handle_pasv runs inet_aton on pasv_address for every PASV,
 * long after startup, and EPSV skips it, so the daemon looks healthy. With
 * pasv_addr_resolve=YES main.c resolves the name with gethostbyname at
 * startup instead: a name that cannot be a host name at all is decided here
 * from the file; whether a well-formed name resolves is VSF811's (host
 * checks). Under --host, a malformed name that this machine's /etc/hosts
 * does list is left alone.
 */
export default defineRule({
  code: "VSF301",
  name: "bad-pasv-address",
  severity: "error",
  category: "session",
  description:
    "A pasv_address that inet_aton cannot read kills the session at the first PASV command; with pasv_addr_resolve=YES, one that cannot be a host name stops vsftpd from starting.",
  messages: {
    bad: "pasv_address '{value}' is not an IPv4 address inet_aton can read: each session dies when the client sends PASV (500 OOPS: invalid pasv_address), EPSV still works{hint}",
    readAs: "pasv_address '{value}' is advertised as {address} in PASV replies: {why}",
    notHostName:
      "pasv_address '{value}' cannot be resolved: {why}; with pasv_addr_resolve=YES vsftpd refuses to start (500 OOPS: cannot resolve host:{value})",
  },
  check(ctx) {
    const value = ctx.get("pasv_address");
    const src = ctx.source("pasv_address");
    if (typeof value !== "string" || !src) return;
    if (ctx.get("pasv_addr_resolve") === true) return resolved(ctx, value, src.setting);
    if (ctx.get("pasv_enable") !== true) return;
    reportAton(ctx, src.setting, value, hint(value));
  },
});

/** main.c resolves pasv_address at startup whether or not PASV is enabled. */
function resolved(ctx: RuleContext, value: string, at: SettingLine): void {
  // An empty value leaves the tunable unset: nothing is resolved.
  if (value === "") return;
  const problem = hostNameProblem(value);
  if (!problem || (!problem.certain && ctx.host?.resolves(value))) return;
  ctx.report({ messageId: "notHostName", at, data: { value: show(value), why: problem.why } });
}
