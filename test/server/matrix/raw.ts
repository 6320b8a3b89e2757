/**
 * A bare control connection that sends the same lines to both servers and
 * records every reply, for what clients hide: the code of a refused STOR in
 * a jail root, of PORT to a third party, of SITE CHMOD, of a USER the
 * configuration does not serve; and the texts and listings themselves.
 */
import { connect, createServer, type AddressInfo, type Socket } from "node:net";
import { once } from "node:events";
import { RawClient, type Reply } from "../raw-client.js";
import type { MatrixConfig } from "./table.js";
import { REMOTE } from "./target.js";

/** One line sent and each reply it got (a transfer gets two: 150 and 226), with what came over the data connection. */
export interface Step {
  readonly line: string;
  readonly replies: readonly (Reply | undefined)[];
  readonly body?: string;
}

/** EPSV, the data connection, the command; an upload sends a line and closes, a download reads to the end. */
async function transfer(c: RawClient, line: string, upload: boolean): Promise<Step> {
  const epsv = await c.cmd("EPSV");
  const m = /\(\|\|\|(\d+)\|\)/.exec(epsv?.text ?? "");
  if (!m) return { line, replies: [epsv] };
  const d = connect({ port: Number(m[1]), host: "127.0.0.1" });
  const chunks: Buffer[] = [];
  d.on("error", () => {});
  d.on("data", (b: Buffer) => chunks.push(b));
  const closed = once(d, "close").catch(() => undefined);
  await once(d, "connect").catch(() => undefined);
  const first = await c.cmd(line);
  if (first?.code !== 150) {
    d.destroy();
    return { line, replies: [first] };
  }
  if (upload) d.end("raw upload\n");
  await closed;
  const last = await c.read();
  return { line, replies: [first, last], ...(upload ? {} : { body: Buffer.concat(chunks).toString("latin1") }) };
}

/**
 * Active mode: PORT to a listener of ours, then the command; the body says
 * which port the server connected from (connect_from_port_20) before the data.
 */
async function active(c: RawClient, line: string): Promise<Step> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen({ host: "127.0.0.1", port: 0 }, resolve));
  const accepted = new Promise<{ from: number; data: string }>((resolve) => {
    srv.once("connection", (sock: Socket) => {
      const chunks: Buffer[] = [];
      sock.on("data", (b: Buffer) => chunks.push(b));
      sock.on("error", () => {});
      sock.on("close", () => resolve({ from: sock.remotePort ?? 0, data: Buffer.concat(chunks).toString("latin1") }));
    });
  });
  try {
    const p = (srv.address() as AddressInfo).port;
    const port = await c.cmd(`PORT 127,0,0,1,${p >> 8},${p & 255}`);
    if (port?.code !== 200) return { line: `PORT, then ${line}`, replies: [port] };
    const first = await c.cmd(line);
    if (first?.code !== 150) return { line: `PORT, then ${line}`, replies: [port, first] };
    const got = await accepted;
    const last = await c.read();
    return { line: `PORT, then ${line}`, replies: [port, first, last], body: `(from ${got.from === 20 ? "port 20" : "an unprivileged port"})\n${got.data}` };
  } finally {
    srv.close();
  }
}

/** Names the line that got no reply. */
const lost = (line: string) => (e: Error): never => {
  throw new Error(`${line}: ${e.message}`);
};

/** Lines sent before login, on a connection of their own, then a login as someone this configuration does not serve. */
async function strangers(port: number, c: MatrixConfig, user: string): Promise<Step[]> {
  const raw = await RawClient.open(port);
  const steps: Step[] = [];
  const say = async (line: string) => steps.push({ line, replies: [await raw.cmd(line)] });
  try {
    steps.push({ line: "(greeting)", replies: [await raw.read()] });
    for (const line of ["FEAT", "PWD", "LIST", "SYST", "NOOP", "HELP", "STAT", "OPTS UTF8 ON", "PASV", "PBSZ 0", "PROT P", "CCC", "QUIT2", "pwd"]) await say(line);
    await say(c.login === "anonymous" ? `USER ${user}` : "USER anonymous");
    await say("PASS matrix@example.com");
  } finally {
    raw.close();
  }
  return steps;
}

/** Logs in and runs the same lines on any server: every one of them gets its replies recorded. */
export async function rawSteps(port: number, c: MatrixConfig, login: { user: string; password: string }, dir: string): Promise<Step[]> {
  const steps = await strangers(port, c, login.user);
  const raw = await RawClient.open(port);
  const say = async (line: string) => steps.push({ line, replies: [await raw.cmd(line).catch(lost(line))] });
  const data = async (line: string, upload = false) => steps.push(await transfer(raw, line, upload).catch(lost(line)));
  try {
    await raw.read();
    await say(`USER ${login.user}`);
    steps.push({ line: "PASS (password)", replies: [await raw.cmd(`PASS ${login.password}`)] });
    await say("PWD");
    await data("STOR raw-landing.txt", true);
    await say(`CWD ${dir}`);
    for (const line of ["PWD", "TYPE A", "TYPE I", "MODE S", "STRU F", "SYST", "NOOP", "STAT", "REST 0", `SIZE ${REMOTE.get}`, `MDTM ${REMOTE.get}`, "SIZE missing.txt"]) await say(line);
    await data("LIST");
    await data("NLST");
    await data("LIST -a");
    await data("NLST m*.txt");
    await data(`LIST ${REMOTE.get}`);
    for (const line of ["NLST ..", "NLST -F", "NLST -r", "NLST .*", "LIST -laF", "NLST -l", "NLST -a r*", "NLST -a *", "NLST ?et.txt", "LIST -a ../raw"]) await data(line);
    await say("STAT .");
    steps.push(await active(raw, "LIST").catch(lost("PORT, then LIST")));
    steps.push(await active(raw, `RETR ${REMOTE.get}`).catch(lost("PORT, then RETR")));
    await data(`RETR ${REMOTE.get}`);
    await data("RETR missing.txt");
    await data(`RETR ${REMOTE.rmdir}`);
    // A restarted download, then one in ASCII mode (ascii_download_enable decides whether lines change).
    await say("REST 5");
    await data(`RETR ${REMOTE.get}`);
    await say("TYPE A");
    await data(`RETR ${REMOTE.get}`);
    await say("TYPE I");
    for (const line of [`STAT ${REMOTE.get}`, `SIZE ${REMOTE.rmdir}`, `MDTM ${REMOTE.rmdir}`, `CWD ${REMOTE.get}`, "RNFR missing.txt", `DELE ${REMOTE.rmdir}`, "DELE missing.txt", "RMD missing.d", "MKD ..", "OPTS UTF8 ON", "ALLO 10", "ABOR", "SITE HELP", "SITE CHMOD 644", "SITE FOO", "PASV extra", "EPSV 2", "EPSV ALL", "PASV", "PORT 127,0,0,1,200,10", "EPSV"]) await say(line);
    await data("STOR raw-up.txt", true);
    await data(`STOR ${REMOTE.mget[0]}`, true);
    await data("APPE raw-up.txt", true);
    await say(`RNFR ${REMOTE.mget[1]}`);
    await say("RNTO renamed.txt");
    await say(`DELE ${REMOTE.del}`);
    await say(`MKD ${REMOTE.mkdir}`);
    await say(`RMD ${REMOTE.rmdir}`);
    await say(`SITE CHMOD 600 ${REMOTE.get}`);
    await say("SITE UMASK 027");
    await data("STOR after-umask.txt", true);
    for (const line of ["PASV", "EPSV", "PORT 127,0,0,1,200,10", "EPRT |1|127.0.0.1|51210|", "PORT 192,0,2,1,200,10", "PORT 127,0,0,1,0,21"]) await say(line);
    for (const line of ["CDUP", "CWD /..", "PWD", "CWD /etc", `SIZE /etc/passwd`, "CWD missing.d"]) await say(line);
    for (const line of ["pwd", "CwD .", "XPWD", "XCWD .", "XCUP", `XMKD x-${REMOTE.mkdir}`, `XRMD x-${REMOTE.mkdir}`, "RNTO nowhere.txt", "REIN", "ACCT x", "SMNT x", "STRU R", "MODE B", "TYPE L 8", "TYPE E", "TYPE A N", `MDTM 20200101000000 ${REMOTE.get}`, "SIZE", "CWD", "MKD", "DELE", "RNFR", "SITE", "SITE CHMOD 777 missing.txt", "SITE UMASK", "REST abc"]) await say(line);
    await data("STOU", true);
    await data(`STOU ${REMOTE.get}`, true);
    await say("FOO");
    await say("HELP");
    steps.push({ line: "USER (the same user again)", replies: [await raw.cmd(`USER ${login.user}`)] });
    await say(`USER someone-else`);
    await say("QUIT");
  } finally {
    raw.close();
  }
  return steps;
}
