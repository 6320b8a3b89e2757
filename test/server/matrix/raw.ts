/**
 * A bare control connection that sends the same lines to both servers and
 * records every reply code, for what clients hide: the code of a refused
 * STOR in a jail root, of PORT to a third party, of SITE CHMOD, of a USER
 * the configuration does not serve.
 */
import { connect } from "node:net";
import { once } from "node:events";
import { RawClient } from "../raw-client.js";
import type { MatrixConfig } from "./table.js";
import { REMOTE } from "./target.js";

/** One line sent and the code of each reply it got (data commands get two: 150 and 226). */
export interface Step {
  readonly line: string;
  readonly codes: readonly (number | undefined)[];
}

/** EPSV, the data connection, the command; an upload sends a line and closes, a download reads to the end. */
async function transfer(c: RawClient, line: string, upload: boolean): Promise<(number | undefined)[]> {
  const epsv = await c.cmd("EPSV");
  const m = /\(\|\|\|(\d+)\|\)/.exec(epsv?.text ?? "");
  if (!m) return [epsv?.code];
  const d = connect({ port: Number(m[1]), host: "127.0.0.1" });
  d.on("error", () => {});
  d.resume();
  const closed = once(d, "close").catch(() => undefined);
  await once(d, "connect").catch(() => undefined);
  const first = await c.cmd(line);
  if (first?.code !== 150) {
    d.destroy();
    return [first?.code];
  }
  if (upload) d.end("raw upload\n");
  await closed;
  const last = await c.read();
  return [first.code, last?.code];
}

const upload = (c: RawClient, line: string) => transfer(c, line, true);
const download = (c: RawClient, line: string) => transfer(c, line, false);

/** Lines sent before login, on a connection of their own, then a login as someone this configuration does not serve. */
async function strangers(port: number, c: MatrixConfig, user: string): Promise<Step[]> {
  const raw = await RawClient.open(port);
  const steps: Step[] = [];
  const say = async (line: string) => steps.push({ line, codes: [(await raw.cmd(line))?.code] });
  try {
    steps.push({ line: "(greeting)", codes: [(await raw.read())?.code] });
    await say("FEAT");
    await say("PWD");
    await say("LIST");
    await say(c.login === "anonymous" ? `USER ${user}` : "USER anonymous");
    await say("PASS matrix@example.com");
  } finally {
    raw.close();
  }
  return steps;
}

/** Logs in and runs the same lines on any server: every one of them gets a code. */
export async function rawSteps(port: number, c: MatrixConfig, login: { user: string; password: string }, dir: string): Promise<Step[]> {
  const steps = await strangers(port, c, login.user);
  const raw = await RawClient.open(port);
  const say = async (line: string) => steps.push({ line, codes: [(await raw.cmd(line))?.code] });
  const data = async (line: string, run: (c: RawClient, l: string) => Promise<(number | undefined)[]>) => steps.push({ line, codes: await run(raw, line) });
  try {
    await raw.read();
    await say(`USER ${login.user}`);
    steps.push({ line: "PASS (password)", codes: [(await raw.cmd(`PASS ${login.password}`))?.code] });
    await say("PWD");
    await data("STOR raw-landing.txt", upload);
    await say(`CWD ${dir}`);
    for (const line of ["TYPE A", "TYPE I", "MODE S", "STRU F", "SYST", "NOOP", "STAT", "REST 0", `SIZE ${REMOTE.get}`, `MDTM ${REMOTE.get}`, "SIZE missing.txt"]) await say(line);
    await data("LIST", download);
    await data("NLST", download);
    await data(`RETR ${REMOTE.get}`, download);
    await data("RETR missing.txt", download);
    await data("STOR raw-up.txt", upload);
    await data(`STOR ${REMOTE.mget[0]}`, upload);
    await data("APPE raw-up.txt", upload);
    await say(`RNFR ${REMOTE.mget[1]}`);
    await say("RNTO renamed.txt");
    await say(`DELE ${REMOTE.del}`);
    await say(`MKD ${REMOTE.mkdir}`);
    await say(`RMD ${REMOTE.rmdir}`);
    await say(`SITE CHMOD 600 ${REMOTE.get}`);
    await say("SITE UMASK 027");
    for (const line of ["PASV", "EPSV", "PORT 127,0,0,1,200,10", "EPRT |1|127.0.0.1|51210|", "PORT 192,0,2,1,200,10", "PORT 127,0,0,1,0,21"]) await say(line);
    for (const line of ["CDUP", "CWD /..", "CWD /etc", `SIZE /etc/passwd`, "CWD missing.d"]) await say(line);
    await say("FOO");
    await say(`USER someone-else`);
    await say("QUIT");
  } finally {
    raw.close();
  }
  return steps;
}
