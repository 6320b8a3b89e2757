import { defineRule } from "../rule.js";
import { passiveRange } from "../checks/pasv-range.js";
import { uintText } from "../checks/uint-text.js";

/** The compiled pasv_min_port is 5001, not the 0 the man page claims. */
export default defineRule({
  code: "VSF302",
  name: "pasv-port-ignored",
  severity: "warning",
  category: "trap",
  description: "A passive port bound vsftpd silently ignores, or only one bound set, opens another range than the firewall expects.",
  messages: {
    minIgnored:
      "pasv_min_port={value} is ignored (vsftpd uses it only above 1024 and up to 65535): passive ports come from {min}-{max}",
    maxIgnored:
      "pasv_max_port={value} is ignored (vsftpd uses it only from pasv_min_port {min} up to 65534): passive ports come from {min}-{max}",
    onlyMin: "pasv_min_port is set without pasv_max_port: passive ports come from {min}-{max}; set pasv_max_port to close the range",
    onlyMax:
      "pasv_max_port is set without pasv_min_port, whose compiled default is 5001: passive ports come from {min}-{max}; set pasv_min_port to choose the start",
  },
  check(ctx) {
    const minSrc = ctx.source("pasv_min_port");
    const maxSrc = ctx.source("pasv_max_port");
    if ((!minSrc && !maxSrc) || ctx.get("pasv_enable") !== true) return;
    const min = Number(ctx.get("pasv_min_port"));
    const max = Number(ctx.get("pasv_max_port"));
    const range = passiveRange(min, max);
    // 0 is the man page's "any port", which is what vsftpd gives.
    const minOff = minSrc !== undefined && min !== 0 && range.min !== min;
    const maxOff = maxSrc !== undefined && max !== 0 && range.max !== max;
    if (minOff) ctx.report({ messageId: "minIgnored", at: minSrc.setting, data: { value: uintText(minSrc), ...range } });
    if (maxOff) ctx.report({ messageId: "maxIgnored", at: maxSrc.setting, data: { value: uintText(maxSrc), ...range } });
    if (minOff || maxOff) return;
    if (minSrc && !maxSrc && min !== 0) ctx.report({ messageId: "onlyMin", at: minSrc.setting, data: range });
    if (maxSrc && !minSrc && max !== 0) ctx.report({ messageId: "onlyMax", at: maxSrc.setting, data: range });
  },
});
