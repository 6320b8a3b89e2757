/**
 * Anonymous upload, mkdir and delete: refused unless declared. Probed
 * without changing anything: each names something inside a directory that
 * does not exist, so vsftpd's switch answers first ("550 Permission
 * denied.") when the option is off, and the file system answers (553
 * "Could not create file.", 550 "... operation failed.") when it is on.
 */
import { firstLine, session, type VerifyContext } from "../context.js";
import type { CheckId } from "../types.js";
import { fail, pass, skip, type Check, type Outcome } from "./check.js";

const DENIED = /^550 Permission denied\.?$/;

function writeCheck(id: CheckId, title: string, verb: string, allowed: (ctx: VerifyContext) => boolean, option: string): Check {
  return {
    id,
    title,
    async run(ctx): Promise<Outcome> {
      if (!ctx.expect.anonymous) return skip("anonymous logins are off");
      const { client } = await session(ctx, "anonymous");
      try {
        const r = await client.sendIgnoringError(`${verb} /.ftpctl-verify-${ctx.tag}-missing/probe`);
        const line = firstLine(r) ?? "";
        const denied = DENIED.test(line);
        if (allowed(ctx)) return denied ? fail(`${verb} is refused by the server's switch, but ${option} allows it`, line) : pass(`${verb} passes the server's switch (${option}), as declared`, line);
        return denied ? pass(`${verb} is refused, as declared`, line) : fail(`${verb} passed the server's switch (the file system answered): ${option} is on, but the configuration says off`, line);
      } finally {
        client.close();
      }
    },
  };
}

export const anonymousUpload = writeCheck("anonymous-upload", "anonymous upload", "STOR", (ctx) => ctx.expect.anonUpload, "anon_upload_enable (with write_enable)");
export const anonymousMkdir = writeCheck("anonymous-mkdir", "anonymous mkdir", "MKD", (ctx) => ctx.expect.anonMkdir, "anon_mkdir_write_enable (with write_enable)");
export const anonymousDelete = writeCheck("anonymous-delete", "anonymous delete", "DELE", (ctx) => ctx.expect.anonOther, "anon_other_write_enable (with write_enable)");
