import { at } from "../host-checks/messages.js";
import { on, str, twoProcess } from "../host-checks/settings.js";
import { defineRule } from "../rule.js";
import type { OptionName } from "../../vsftpd/options.js";

const NAMED = [
  { option: "ftp_username", enabledBy: "anonymous_enable" },
  { option: "guest_username", enabledBy: "guest_enable" },
  { option: "chown_username", enabledBy: "chown_uploads" },
] as const;

/** Looked up with getpwnam() in every new session, before the greeting. */
export default defineRule({
  code: "VSF805",
  name: "missing-user",
  severity: "error",
  category: "host",
  host: true,
  description: "An account vsftpd needs (ftp_username, guest_username, chown_username, nopriv_user) does not exist.",
  messages: {
    named:
      "{option} '{name}'{origin} is not a user on this machine: with {enabledBy}=YES every connection gets 500 OOPS (vsftpd: cannot locate user specified in '{option}':{name})",
    nopriv:
      "nopriv_user '{name}'{origin} is not a user on this machine: every connection gets 500 OOPS (cannot locate user entry:{name})",
  },
  check(ctx) {
    const host = ctx.host!;
    const origin = (o: OptionName) => (ctx.isSet(o) ? "" : " (the compiled default)");
    for (const n of NAMED) {
      const name = str(ctx.get, n.option);
      // An unset name is a mistake in the file alone, not in the machine.
      if (name === null || !on(ctx.get, n.enabledBy) || host.user(name)) continue;
      ctx.report({ messageId: "named", data: { option: n.option, name, enabledBy: n.enabledBy, origin: origin(n.option) }, ...at(ctx, n.option, n.enabledBy) });
    }
    const nopriv = str(ctx.get, "nopriv_user");
    if (nopriv !== null && twoProcess(ctx) && !host.user(nopriv)) {
      ctx.report({ messageId: "nopriv", data: { name: nopriv, origin: origin("nopriv_user") }, ...at(ctx, "nopriv_user") });
    }
  },
});
