/**
 * basic-ftp (npm), in this process: the client a Node user would pick.
 * Its FTPError carries the reply code.
 */
import { readFileSync } from "node:fs";
import { Client, FTPError } from "basic-ftp";
import { LOCAL, REMOTE, scriptOrder, type Driver, type Outcome } from "../target.js";
import type { Command } from "../table.js";

const codeOf = (e: unknown): Outcome => (e instanceof FTPError ? { allow: false, code: e.code } : { allow: false });

export const basicFtp: Driver = async (t, commands) => {
  const ordered = scriptOrder(commands);
  const client = new Client(10_000);
  const out = new Map<Command, Outcome>();
  const local = (n: string) => `${t.local}/${n}`;
  const ops: Readonly<Record<Command, () => Promise<unknown>>> = {
    pwd: () => client.pwd(),
    cd: () => client.cd(t.dir),
    ls: () => client.list(),
    get: () => client.downloadTo(local(REMOTE.get), REMOTE.get),
    mget: async () => {
      const names = (await client.list()).map((f) => f.name).filter((n) => (REMOTE.mget as readonly string[]).includes(n));
      if (names.length < REMOTE.mget.length) throw new Error("nothing to get");
      for (const n of names) await client.downloadTo(local(n), n);
    },
    put: () => client.uploadFrom(local(LOCAL.put), LOCAL.put),
    mput: async () => {
      for (const n of LOCAL.mput) await client.uploadFrom(local(n), n);
    },
    delete: () => client.remove(REMOTE.del),
    mkdir: () => client.send(`MKD ${REMOTE.mkdir}`),
    rmdir: () => client.removeEmptyDir(REMOTE.rmdir),
    binary: () => client.send("TYPE I"),
    ascii: () => client.send("TYPE A"),
  };
  try {
    try {
      await client.access({
        host: "127.0.0.1",
        port: t.port,
        user: t.user,
        password: t.password,
        secure: t.caFile !== undefined,
        ...(t.caFile ? { secureOptions: { ca: readFileSync(t.caFile) } } : {}),
      });
    } catch (e) {
      const refused = codeOf(e);
      for (const c of ordered) out.set(c, refused);
      return out;
    }
    for (const c of ordered) {
      try {
        await ops[c]();
        out.set(c, { allow: true });
      } catch (e) {
        out.set(c, codeOf(e));
        if (client.closed) break;
      }
    }
    for (const c of ordered) if (!out.has(c)) out.set(c, { allow: false });
    return out;
  } finally {
    client.close();
  }
};
