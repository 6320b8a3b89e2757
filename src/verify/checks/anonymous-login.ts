/** Anonymous logins: allowed or refused as declared (anonymous_enable). */
import { firstLine, replyOf, session } from "../context.js";
import { fail, pass, type Check } from "./check.js";

export const anonymousLogin: Check = {
  id: "anonymous-login",
  title: "anonymous login",
  async run(ctx, state) {
    const started = Date.now();
    try {
      const { client, reply: r } = await session(ctx, "anonymous");
      const reply = firstLine(r);
      client.close();
      state.loginMs ??= Date.now() - started;
      return ctx.expect.anonymous ? pass("anonymous login works, as declared", reply) : fail("anonymous login works, but the configuration forbids it (anonymous_enable=NO)", reply);
    } catch (err) {
      const r = replyOf(err);
      if (!r) throw err;
      return ctx.expect.anonymous ? fail(`anonymous login is refused (${r.code}), but the configuration allows it`, firstLine(r)) : pass(`anonymous login is refused (${r.code}), as declared`, firstLine(r));
    }
  },
};
