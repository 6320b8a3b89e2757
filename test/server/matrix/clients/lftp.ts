/**
 * lftp, with a script on stdin (the password is in it, never on argv).
 * Each command is followed by `&& echo @@ok || echo @@fail`, lftp's own
 * operators, so the outcome of every command is a line on stdout. lftp's
 * errors (on stderr) carry the reply text but not reliably one per
 * command, so lftp contributes outcomes, not codes.
 */
import { execa } from "execa";
import { LOCAL, REMOTE, scriptOrder, type Driver } from "../target.js";
import type { Command } from "../table.js";

export const LFTP = "/usr/bin/lftp";

const LINE: Readonly<Record<Command, ((dir: string, local: string) => string) | undefined>> = {
  pwd: undefined,
  binary: undefined,
  ascii: undefined,
  cd: (dir) => `cd ${dir}`,
  ls: () => "ls",
  get: (_, local) => `get ${REMOTE.get} -o ${local}/${REMOTE.get}`,
  mget: (_, local) => `mget -O ${local} m*.txt`,
  put: (_, local) => `put ${local}/${LOCAL.put} -o ${LOCAL.put}`,
  mput: (_, local) => `mput ${LOCAL.mput.map((n) => `${local}/${n}`).join(" ")}`,
  delete: () => `rm ${REMOTE.del}`,
  mkdir: () => `mkdir ${REMOTE.mkdir}`,
  rmdir: () => `rmdir ${REMOTE.rmdir}`,
};

export const lftp: Driver = async (t, commands) => {
  const ordered = scriptOrder(commands);
  const tls = t.caFile
    ? [`set ssl:ca-file ${t.caFile}`, "set ssl:verify-certificate yes", "set ftp:ssl-force yes", "set ftp:ssl-protect-data yes"]
    : ["set ftp:ssl-allow no"];
  const lines = ordered.map((c, i) => {
    const line = LINE[c];
    if (!line) throw new Error(`lftp does not run ${c}`);
    return `${line(t.dir, t.local)} && echo @@ok ${i} || echo @@fail ${i}`;
  });
  const script = [
    "set net:max-retries 1",
    "set net:timeout 5",
    "set net:reconnect-interval-base 1",
    "set cmd:fail-exit no",
    "set xfer:log no",
    "set ftp:passive-mode yes",
    ...tls,
    `open -u ${t.user},${t.password} ftp://127.0.0.1:${t.port}`,
    ...lines,
    "bye",
    "",
  ].join("\n");
  const r = await execa(LFTP, [], { input: script, reject: false, timeout: 40_000, env: { HOME: t.local }, extendEnv: false });
  const said = new Map<number, boolean>();
  for (const m of String(r.stdout).matchAll(/^@@(ok|fail) (\d+)$/gm)) said.set(Number(m[2]), m[1] === "ok");
  return new Map(ordered.map((c, i) => {
    const ok = said.get(i);
    if (ok === undefined) throw new Error(`lftp said nothing about ${c}:\n${r.stdout}\n${r.stderr}`);
    return [c, { allow: ok }];
  }));
};
