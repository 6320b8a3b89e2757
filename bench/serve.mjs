#!/usr/bin/env node
// Runs every embedded-server benchmark in turn (`npm run bench:serve`):
// cold start, sessions per second, idle sessions' memory, 1 KiB round trips
// over TLS, then the 512 MiB transfers. Each prints its own table and goal
// lines; see bench/README.md.
//
//   node bench/serve.mjs [--quick]
//
// --quick: small sizes (64 MiB, 1 s windows, 100 idle sessions, 1 round)
// for a check that everything runs; its figures are not the ones to quote.
import { spawnSync } from "node:child_process";
import { readArgs, requireBuild, root } from "./lib.mjs";

const { has } = readArgs();
const quick = has("--quick");
requireBuild();

const runs = [
  ["serve-startup.mjs", quick ? ["--runs", "5"] : []],
  ["serve-sessions.mjs", quick ? ["--seconds", "1", "--rounds", "1"] : []],
  ["serve-idle.mjs", quick ? ["--sessions", "100"] : []],
  ["serve-tls.mjs", quick ? ["--trips", "10", "--rounds", "1"] : []],
  ["serve-transfer.mjs", quick ? ["--mib", "64", "--rounds", "1"] : []],
];
let failed = 0;
for (const [script, argv] of runs) {
  console.log(`\n== ${script} ${argv.join(" ")}`);
  const r = spawnSync(process.execPath, [`${root}bench/${script}`, ...argv], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 2 : 0);
