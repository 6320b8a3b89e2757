/**
 * curl, one invocation per command (URLs are its commands), passive or,
 * with `-P -`, active (EPRT, then PORT). The credentials travel in a config
 * on stdin; `-v` shows the replies, so a refusal's code is the last
 * "< 4xx/5xx" line curl printed.
 */
import { execa } from "execa";
import { LOCAL, REMOTE, type Driver, type Outcome, type Target } from "../target.js";
import type { Command } from "../table.js";

export const CURL = "/usr/bin/curl";

function args(t: Target, c: Command): string[] {
  const url = `ftp://127.0.0.1:${t.port}/${t.dir}/`;
  const local = (n: string) => `${t.local}/${n}`;
  switch (c) {
    case "ls":
      return [url];
    case "get":
      return ["-o", local(REMOTE.get), `${url}${REMOTE.get}`];
    case "mget":
      return ["-o", local("#1.txt"), `${url}{${REMOTE.mget.map((n) => n.replace(/\.txt$/, "")).join(",")}}.txt`];
    case "put":
      return ["-T", local(LOCAL.put), `${url}${LOCAL.put}`];
    case "mput":
      return ["-T", `${t.local}/{${LOCAL.mput.join(",")}}`, url];
    // Quote commands run after login and before the CWDs of the URL: their paths start where the login lands.
    case "delete":
      return ["-Q", `DELE ${t.dir}/${REMOTE.del}`, url];
    case "mkdir":
      return ["-Q", `MKD ${t.dir}/${REMOTE.mkdir}`, url];
    case "rmdir":
      return ["-Q", `RMD ${t.dir}/${REMOTE.rmdir}`, url];
    default:
      throw new Error(`curl does not run ${c}`);
  }
}

async function run(t: Target, c: Command, active: boolean): Promise<Outcome> {
  // Active mode uploads its own file, so the passive put and the active one never race.
  const a = active && c === "put" ? ["-T", `${t.local}/${LOCAL.active}`, `ftp://127.0.0.1:${t.port}/${t.dir}/${LOCAL.active}`] : args(t, c);
  const tls = t.caFile ? ["--ssl-reqd", "--cacert", t.caFile] : [];
  const r = await execa(CURL, ["--disable", "-v", "--silent", "--show-error", "--max-time", "15", "-K", "-", ...tls, ...(active ? ["-P", "-"] : []), ...a], {
    input: `user = "${t.user}:${t.password}"\n`,
    reject: false,
    timeout: 20_000,
  });
  if (r.exitCode === 0) return { allow: true };
  const replies = String(r.stderr).split("\n").filter((l) => /^< [45]\d\d /.test(l));
  const last = replies.at(-1);
  return last ? { allow: false, code: Number(last.slice(2, 5)) } : { allow: false };
}

/** Each command in its own curl process; they run one after another, so the server sees one client at a time. */
function driver(active: boolean): Driver {
  return async (t, commands) => {
    const out = new Map<Command, Outcome>();
    for (const c of commands) out.set(c, await run(t, c, active));
    return out;
  };
}

export const curl = driver(false);
export const curlActive = driver(true);
