#!/usr/bin/env node
// Sessions per second: 20 concurrent clients, each in a loop of connect,
// greeting, USER/PASS (anonymous), PWD, QUIT, until the server has closed
// the connection. Against the embedded server (`ftpctl serve`, a child
// process), the real vsftpd and pyftpdlib on the same tree (ftp-servers.mjs).
// Each round gives every server a window of --seconds, in a rotating order;
// the table shows the median rates. vsftpd runs twice: as configured (its
// defaults make a PID, IPC and network namespace per session, which costs
// most of its session time) and with isolate=NO, isolate_network=NO.
//
//   node bench/serve-sessions.mjs [--clients 20] [--seconds 3] [--rounds 3] [--goal 1.0]
//
// The client is ftp-client.mjs (Node, raw sockets), the same for all three.
// Needs a built dist/ and, for vsftpd, root. Exit 0 always: this measures.
import { median, readArgs, requireBuild, tempDir } from "./lib.mjs";
import { FtpControl } from "./ftp-client.mjs";
import { loadLine, makeTree, ratio, startAll, stopAll, table, UNISOLATED, verdict } from "./ftp-servers.mjs";

const { flag } = readArgs();
const clients = Number(flag("--clients", "20"));
const seconds = Number(flag("--seconds", "3"));
const rounds = Number(flag("--rounds", "3"));
const goal = Number(flag("--goal", "1.0"));

requireBuild();
const dir = tempDir("ftpctl-bench-sessions-");
const tree = makeTree(dir, {});
const servers = await startAll(dir, { tree, unisolated: true });

async function session(port) {
  const c = await FtpControl.open(port);
  try {
    await c.login();
    await c.cmd("PWD", [257]);
    await c.quit();
  } finally {
    c.destroy();
  }
}

/** Sessions per second completed in `ms` by `clients` loops. */
async function window(s, ms) {
  const t0 = performance.now();
  const end = t0 + ms;
  let done = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        await session(s.port);
        done++;
      }
    }),
  );
  return done / ((performance.now() - t0) / 1000);
}

const results = new Map(servers.map((s) => [s.name, []]));
try {
  console.log(`sessions (connect, login, PWD, QUIT), ${clients} concurrent clients, ${rounds} rounds of ${seconds} s per server; ${loadLine()}`);
  // A short warm-up each, so no server pays for first-time work in the first window.
  for (const s of servers) await window(s, 300);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < servers.length; i++) {
      const s = servers[(r + i) % servers.length];
      results.get(s.name).push(await window(s, seconds * 1000));
    }
  }
} finally {
  await stopAll(servers);
}

const rate = (name) => (results.has(name) ? median(results.get(name)) : 0);
const rows = [["server", "sessions/s", "vs vsftpd", `vs ${UNISOLATED}`]];
for (const s of servers) rows.push([s.name, rate(s.name).toFixed(0), ratio(rate(s.name), rate("vsftpd")), ratio(rate(s.name), rate(UNISOLATED))]);
console.log(table(rows));
console.log(verdict(`embedded >= ${goal}x vsftpd`, rate("embedded") / rate("vsftpd"), goal));
console.log(verdict(`embedded >= ${goal}x ${UNISOLATED} (stricter)`, rate("embedded") / rate(UNISOLATED), goal));
