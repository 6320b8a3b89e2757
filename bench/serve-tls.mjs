#!/usr/bin/env node
// Round trips of 1 KiB over explicit TLS: in a logged-in session (AUTH TLS,
// PBSZ 0, PROT P), STOR of 1 KiB to upload/ then RETR of a 1 KiB file, each
// over a new TLS data connection that resumes the control connection's
// session (vsftpd's require_ssl_reuse, on by default, demands it). --sessions
// sessions run at once, --trips round trips each; logins are not timed.
// Against the embedded server (`ftpctl serve`, a child process, once it has
// TLS: its FEAT must list AUTH TLS), the real vsftpd and pyftpdlib
// (TLS_FTPHandler), all with the same self-signed RSA 2048 certificate.
// Rounds rotate the order of the servers; the table shows median rates.
//
//   node bench/serve-tls.mjs [--sessions 4] [--trips 50] [--rounds 3] [--goal 1.0]
//
// Needs a built dist/, openssl and, for vsftpd, root. Exit 0 always.
import { median, readArgs, requireBuild, tempDir } from "./lib.mjs";
import { FtpControl } from "./ftp-client.mjs";
import { loadLine, makeCertificate, makeTree, ratio, startAll, stopAll, table, verdict } from "./ftp-servers.mjs";

const { flag } = readArgs();
const sessions = Number(flag("--sessions", "4"));
const trips = Number(flag("--trips", "50"));
const rounds = Number(flag("--rounds", "3"));
const goal = Number(flag("--goal", "1.0"));

requireBuild();
const dir = tempDir("ftpctl-bench-tls-");
const tree = makeTree(dir, { "small.bin": 1024 });
const tls = makeCertificate(dir);
const started = await startAll(dir, { tree, tls });

/** Whether the server offers explicit TLS (FEAT lists AUTH TLS). */
async function offersTls(port) {
  const c = await FtpControl.open(port);
  try {
    return /^ AUTH TLS\r?$/m.test((await c.cmd("FEAT")).text);
  } finally {
    c.destroy();
  }
}

async function login(port) {
  const c = await FtpControl.open(port);
  await c.startTls();
  await c.login();
  await c.cmd("PBSZ 0", [200]);
  await c.cmd("PROT P", [200]);
  await c.cmd("TYPE I", [200]);
  return c;
}

const payload = Buffer.alloc(1024, 0x5a);
let serial = 0;

/** Round trips per second over `sessions` logged-in sessions. */
async function window(s) {
  const cs = await Promise.all(Array.from({ length: sessions }, () => login(s.port)));
  const t0 = performance.now();
  await Promise.all(
    cs.map(async (c) => {
      for (let i = 0; i < trips; i++) {
        await c.put(`upload/t${serial++}.bin`, payload);
        if ((await c.get("small.bin")).length !== 1024) throw new Error(`${s.name}: short RETR`);
      }
    }),
  );
  const rate = (sessions * trips) / ((performance.now() - t0) / 1000);
  await Promise.all(cs.map((c) => c.quit().finally(() => c.destroy())));
  return rate;
}

const servers = [];
const results = new Map();
try {
  console.log(`1 KiB STOR+RETR round trips over TLS, ${sessions} sessions x ${trips} trips, ${rounds} rounds; ${loadLine()}`);
  for (const s of started) {
    if (await offersTls(s.port)) servers.push(s);
    else console.log(`${s.name}: no TLS yet (FEAT lists no AUTH TLS)`);
  }
  for (const s of servers) results.set(s.name, []);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < servers.length; i++) {
      const s = servers[(r + i) % servers.length];
      results.get(s.name).push(await window(s));
    }
  }
} finally {
  await stopAll(started);
}

const rate = (name) => (results.has(name) ? median(results.get(name)) : 0);
const rows = [["server", "round trips/s", "vs vsftpd"]];
for (const s of started) rows.push([s.name, results.has(s.name) ? rate(s.name).toFixed(0) : "no TLS", ratio(rate(s.name), rate("vsftpd"))]);
console.log(table(rows));
console.log(verdict(`embedded >= ${goal}x vsftpd`, rate("embedded") / rate("vsftpd"), goal));
