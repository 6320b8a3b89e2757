/**
 * The jail holds: a jailed session starts at "/" and cannot leave it (CWD
 * .., CWD to an absolute path outside, a listing of /etc); an unjailed local
 * user starts in their home as the host names it. Anonymous sessions are
 * always jailed.
 */
import type { Client } from "basic-ftp";
import { firstLine, replyOf, session, type VerifyContext } from "../context.js";
import { fail, pass, skip, type Check, type Outcome } from "./check.js";

/** The directory PWD names, from `257 "/path" is the current directory`. */
async function pwd(client: Client): Promise<string> {
  return client.pwd();
}

async function probe(client: Client, jailed: boolean, who: string): Promise<Outcome> {
  const start = await pwd(client);
  if (!jailed) {
    return start === "/" ? fail(`${who} starts at "/", as a jailed user does, but the configuration does not jail them`) : pass(`${who} starts in ${start}, not jailed, as declared`);
  }
  if (start !== "/") return fail(`${who} starts in ${start}: the jail does not hold (a jailed session starts at "/")`);
  // Inside a chroot every ".." from "/" is "/" again; outside one it climbs.
  for (const cmd of ["CWD ..", "CWD ../..", "CWD /.."]) {
    const r = await client.sendIgnoringError(cmd);
    const now = await pwd(client);
    if (now !== "/") return fail(`${cmd} moved to ${now}, above the jail's root`, firstLine(r));
  }
  const r = await client.sendIgnoringError("SIZE /etc/passwd");
  if (r.code === 213) return fail("SIZE /etc/passwd answers 213: a passwd file is visible inside the jail (the host's, unless the jail holds its own)", firstLine(r));
  return pass(`${who} starts at "/"; CWD .., ../.. and /.. stay there; /etc/passwd is not visible`, firstLine(r));
}

async function jailOf(ctx: VerifyContext, login: "anonymous" | "local", jailed: boolean, who: string): Promise<Outcome> {
  try {
    const { client } = await session(ctx, login);
    try {
      return await probe(client, jailed, who);
    } finally {
      client.close();
    }
  } catch (err) {
    if (replyOf(err)) return skip(`${who} cannot log in, so the jail cannot be probed`);
    throw err;
  }
}

export const jail: Check = {
  id: "jail",
  title: "jail (chroot)",
  async run(ctx) {
    const results: Outcome[] = [];
    if (ctx.expect.anonymous) results.push(await jailOf(ctx, "anonymous", true, "an anonymous session"));
    if (ctx.user && ctx.expect.local) {
      const jailed = ctx.expect.jailed(ctx.user.name, ctx.chrootList);
      if (ctx.expect.chrootListEnabled && ctx.chrootList === undefined) results.push(skip(`whether ${ctx.user.name} is jailed depends on the chroot list, which verify cannot read over the wire`));
      else results.push(await jailOf(ctx, "local", jailed, ctx.user.name));
    }
    if (!results.length) return skip("no session to probe: anonymous logins are off and no account was given");
    return results.find((r) => r.status === "fail") ?? results.find((r) => r.status === "pass") ?? results[0]!;
  },
};
