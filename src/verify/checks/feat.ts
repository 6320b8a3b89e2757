/** FEAT before login, as clients ask it: what it lists is what clients will try. */
import { connect, firstLine } from "../context.js";
import { fail, pass, type Check } from "./check.js";

export const feat: Check = {
  id: "feat",
  title: "FEAT",
  async run(ctx, state) {
    const { client } = await connect(ctx);
    try {
      const r = await client.sendIgnoringError("FEAT");
      if (r.code !== 211) return fail(`FEAT answered ${r.code}, not 211`, firstLine(r));
      state.feat = r.message.split(/\r?\n/).slice(1, -1).map((l) => l.trim().toUpperCase());
      return pass(`lists ${state.feat.join(", ")}`, firstLine(r));
    } finally {
      client.close();
    }
  },
};
