/** The given account logs in (local_enable), over TLS when the server forces it. */
import { firstLine, replyOf, session } from "../context.js";
import { fail, pass, skip, type Check } from "./check.js";

export const localLogin: Check = {
  id: "local-login",
  title: "local login",
  async run(ctx, state) {
    if (!ctx.user) return skip("no account given (--user and --password-file)");
    const started = Date.now();
    try {
      const { client, reply, tls } = await session(ctx, "local");
      client.close();
      state.loginMs = Date.now() - started;
      const how = tls ? " over TLS" : "";
      return ctx.expect.local ? pass(`${ctx.user.name} logs in${how}, as declared`, firstLine(reply)) : fail(`${ctx.user.name} logs in${how}, but local_enable is NO`, firstLine(reply));
    } catch (err) {
      const r = replyOf(err);
      if (!r) throw err;
      return ctx.expect.local ? fail(`${ctx.user.name} is refused (${r.code}); check the password, the shell and the PAM service`, firstLine(r)) : pass(`local logins are refused (${r.code}), as declared`, firstLine(r));
    }
  },
};
