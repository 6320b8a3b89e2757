/**
 * With writes allowed, an upload and a download of random bytes in a
 * scratch name, compared by SHA-256, and removed afterwards whatever
 * happened: verify leaves nothing behind. A jail root is read-only, as
 * vsftpd requires, so when the start directory refuses the upload the
 * usual upload subdirectories are tried (files/, as apply makes them for
 * jailed users; upload/, incoming/), unless --scratch-dir names one.
 */
import { createHash, randomBytes } from "node:crypto";
import { Readable, Writable } from "node:stream";
import type { FTPResponse } from "basic-ftp";
import { firstLine, replyOf, session } from "../context.js";
import { fail, pass, skip, type Check } from "./check.js";

const SIZE = 64 * 1024;
const PLACES = [".", "files", "upload", "incoming"] as const;

export const roundTrip: Check = {
  id: "round-trip",
  title: "upload/download round trip",
  async run(ctx, state) {
    if (!ctx.user || !ctx.expect.local) return skip("needs a local account (--user and --password-file) on a server with local logins");
    if (!ctx.expect.write) return skip("write_enable is NO: nothing may be uploaded");
    const name = `.ftpctl-verify-${ctx.tag}`;
    const data = randomBytes(SIZE);
    let client;
    try {
      ({ client } = await session(ctx, "local"));
    } catch (err) {
      if (replyOf(err)) return skip(`${ctx.user.name} cannot log in`);
      throw err;
    }
    const started = Date.now();
    let uploaded: string | undefined;
    let refusal: FTPResponse | undefined;
    try {
      for (const dir of ctx.scratchDir !== undefined ? [ctx.scratchDir] : PLACES) {
        const path = dir === "." ? name : `${dir.replace(/\/+$/, "")}/${name}`;
        try {
          await client.uploadFrom(Readable.from([data]), path);
          uploaded = path;
          break;
        } catch (err) {
          const r = replyOf(err);
          if (!r) throw err;
          refusal ??= r;
        }
      }
      if (uploaded === undefined) {
        const where = ctx.scratchDir !== undefined ? ctx.scratchDir : `the start directory, files/, upload/ or incoming/`;
        return fail(`${ctx.user.name} cannot upload into ${where} (the tutorial's '553 Could not create file'); give a writable one with --scratch-dir`, firstLine(refusal));
      }
      const chunks: Buffer[] = [];
      await client.downloadTo(new Writable({ write: (c: Buffer, _e, done) => (chunks.push(c), done()) }), uploaded);
      state.transferMs = Date.now() - started;
      const sent = createHash("sha256").update(data).digest("hex");
      const back = createHash("sha256").update(Buffer.concat(chunks)).digest("hex");
      return sent === back ? pass(`${SIZE} bytes up and down (${uploaded}), SHA-256 equal, in ${state.transferMs} ms`) : fail(`the download differs from the upload (SHA-256 ${back.slice(0, 12)}... for ${sent.slice(0, 12)}...)`);
    } catch (err) {
      const r = replyOf(err);
      if (!r) throw err;
      return fail(`the download of ${uploaded} failed (${r.code})`, firstLine(r));
    } finally {
      if (uploaded !== undefined) await client.remove(uploaded, true).catch(() => undefined);
      client.close();
    }
  },
};
