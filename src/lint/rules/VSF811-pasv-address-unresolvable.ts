import { hostNameProblem } from "../checks/host-name.js";
import { defineRule } from "../rule.js";

export default defineRule({
  code: "VSF811",
  name: "pasv-address-unresolvable",
  severity: "error",
  category: "host",
  host: true,
  description: "With pasv_addr_resolve=YES, vsftpd resolves pasv_address once at startup and refuses to start when the name does not resolve.",
  messages: {
    unresolvable: "pasv_address '{value}' does not resolve on this machine: vsftpd refuses to start (cannot resolve host:{value})",
    unchecked: "pasv_address '{value}' could not be checked: the resolver gave no answer (getent missing or timed out); if it does not resolve when vsftpd starts, vsftpd refuses to start (cannot resolve host:{value})",
  },
  check(ctx) {
    if (ctx.get("pasv_addr_resolve") !== true) return;
    const value = ctx.get("pasv_address");
    // Names that cannot be host names at all are VSF301's, decided from the file alone.
    if (typeof value !== "string" || value === "" || hostNameProblem(value)) return;
    const resolves = ctx.host!.resolves(value);
    if (resolves === true) return;
    const at = ctx.source("pasv_address")?.setting;
    if (resolves === undefined) ctx.report({ messageId: "unchecked", severity: "warning", data: { value }, ...(at ? { at } : {}) });
    else ctx.report({ messageId: "unresolvable", data: { value }, ...(at ? { at } : {}) });
  },
});
