/** The greeting: 220, and the declared ftpd_banner when there is one. */
import { connect, firstLine } from "../context.js";
import { fail, pass, type Check } from "./check.js";

export const banner: Check = {
  id: "banner",
  title: "greeting",
  async run(ctx) {
    const { client, welcome } = await connect(ctx);
    client.close();
    const line = firstLine(welcome);
    if (welcome.code !== 220) return fail(`the greeting is ${welcome.code}, not 220`, line);
    const want = ctx.expect.banner;
    if (want !== undefined && line !== `220 ${want}`) return fail(`the greeting is not the declared ftpd_banner '${want}'`, line);
    return pass(want !== undefined ? "220 with the declared banner" : "220", line);
  },
};
