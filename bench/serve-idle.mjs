#!/usr/bin/env node
// Memory held by 500 concurrent idle sessions (connected, logged in
// anonymously, then silent), one server at a time: the embedded server
// (`ftpctl serve`, one Node process), the real vsftpd (its listener plus the
// processes it forks per session, summed from /proc) and pyftpdlib (one
// Python process). RSS is what `ps` shows, summed; it counts pages vsftpd's
// forked processes share once per process, so PSS (each shared page split
// among its sharers) is shown too, and is the fairer figure for a forking
// server. "idle" is the same figure before any session; "per session" is
// the difference divided by the number of sessions.
//
//   node bench/serve-idle.mjs [--sessions 500]
//
// Needs a built dist/ and, for vsftpd, root. Exit 0 always: this measures.
import { readArgs, requireBuild, tempDir } from "./lib.mjs";
import { FtpControl } from "./ftp-client.mjs";
import { loadLine, makeTree, memoryOf, startAll, stopAll, table } from "./ftp-servers.mjs";

const { flag } = readArgs();
const count = Number(flag("--sessions", "500"));

requireBuild();
const dir = tempDir("ftpctl-bench-idle-");
const tree = makeTree(dir, {});
const servers = await startAll(dir, { tree, unisolated: true });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Opens `n` logged-in sessions, at most 25 connecting at a time. */
async function hold(port, n) {
  const open = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 25 }, async () => {
      while (next < n) {
        next++;
        const c = await FtpControl.open(port, { timeoutMs: 0 });
        await c.login();
        open.push(c);
      }
    }),
  );
  return open;
}

const mib = (b) => (b / 1024 / 1024).toFixed(1);
const rows = [["server", "processes", "RSS MiB", "PSS MiB", "idle RSS", "idle PSS", "RSS KiB/session", "PSS KiB/session"]];
try {
  console.log(`${count} idle logged-in sessions held, one server at a time; ${loadLine()}`);
  for (const s of servers) {
    const before = memoryOf(s.pids());
    const sessions = await hold(s.port, count);
    // Let the forks settle and the first garbage collections run.
    await sleep(1000);
    const held = memoryOf(s.pids());
    for (const c of sessions) c.destroy();
    rows.push([
      s.name,
      held.processes,
      mib(held.rss),
      mib(held.pss),
      mib(before.rss),
      mib(before.pss),
      ((held.rss - before.rss) / count / 1024).toFixed(1),
      ((held.pss - before.pss) / count / 1024).toFixed(1),
    ]);
    await sleep(500);
  }
} finally {
  await stopAll(servers);
}
console.log(table(rows));
