#!/usr/bin/env node
// Cold start of `ftpctl serve --port 0`: from spawning the process until a
// TCP connection to the port it prints ("serving ftp://127.0.0.1:PORT/") is
// accepted. Two inputs: none (the build's compiled defaults) and a plain
// vsftpd.conf (the one the other serve benchmarks use), next to a bare
// `node -e 0` run to exit (the baseline of the wall-time ratio) and a bare
// Node listener that prints its URL the same way. The commands take turns in
// a rotating order, so drift in machine load hits all alike. Wall time is
// the goal's measure, but under load it mostly measures the load: the CPU
// time the process used until the accept (its threads' schedstat) is shown
// too, with its ratio to the bare listener's.
//
//   node bench/serve-startup.mjs [--runs 20] [--goal 150]
//
// Needs a built dist/ (npm run build). Exit 0 always: this measures.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { bin, fail, medianP90Row, quantile, readArgs, requireBuild, tempDir, time } from "./lib.mjs";
import { loadLine, makeTree, vsftpdConf } from "./ftp-servers.mjs";

const { flag } = readArgs();
const runs = Number(flag("--runs", "20"));
const goalMs = Number(flag("--goal", "150"));

requireBuild();
const dir = tempDir("ftpctl-bench-startup-");
const tree = makeTree(dir, {});
const conf = join(dir, "plain.conf");
writeFileSync(conf, vsftpdConf({ tree, pasv: [40000, 40999] }));

/**
 * CPU time (ms) the process's threads have run so far, from /proc/PID/task/TID/schedstat
 * (nanoseconds): unlike wall time, it hardly grows when other work shares the CPUs.
 */
function cpuMs(pid) {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "latin1").split(" ")[0]);
  return ns / 1e6;
}

/** A bare Node listener that prints its URL as serve does: the floor for any Node server. */
const BARE = `require("net").createServer().listen(0, "127.0.0.1", function () { console.log("serving ftp://127.0.0.1:" + this.address().port + "/"); });`;

/**
 * Wall and CPU ms from spawn until the printed port accepts a connection;
 * the process is then stopped (not timed).
 */
function untilAccept(argv) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, argv, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    let ms;
    let dialled = false;
    child.stderr.on("data", (d) => (err += d));
    child.stdout.on("data", (d) => {
      out += d;
      const m = dialled ? null : /serving ftp:\/\/[^/]*:(\d+)\//.exec(out);
      if (!m) return;
      dialled = true;
      const s = connect({ host: "127.0.0.1", port: Number(m[1]) }, () => {
        ms = { wall: performance.now() - t0, cpu: cpuMs(child.pid) };
        s.destroy();
        child.kill("SIGTERM");
      });
      s.once("error", (e) => {
        child.kill("SIGKILL");
        reject(e);
      });
    });
    child.once("exit", (code) => (ms === undefined ? reject(new Error(`${argv.join(" ")} exited ${code} before accepting\n${err}`)) : resolve(ms)));
  });
}

const serve = (...argv) => [bin, "serve", ...argv, "--port", "0", "--root", tree];
const commands = [
  { name: "node -e 0", run: async () => ({ wall: time(process.execPath, ["-e", "0"]) }) },
  { name: "bare node net listener", run: () => untilAccept(["-e", BARE]) },
  { name: "serve --port 0 (defaults)", run: () => untilAccept(serve()) },
  { name: "serve CONF --port 0", run: () => untilAccept(serve(conf)) },
];

try {
  console.log(`serve cold start until it accepts, ${runs} interleaved runs each; ${loadLine()}`);
  for (let i = 0; i < 2; i++) for (const c of commands) await c.run();
  const wall = commands.map(() => []);
  const cpu = commands.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (let j = 0; j < commands.length; j++) {
      const k = (i + j) % commands.length;
      const t = await commands[k].run();
      wall[k].push(t.wall);
      if (t.cpu !== undefined) cpu[k].push(t.cpu);
    }
  }
  commands.forEach((c, i) => console.log(`${medianP90Row(c.name, wall[i])}${cpu[i].length ? `   CPU median ${quantile(cpu[i], 0.5).toFixed(1).padStart(6)} ms` : ""}`));
  const bare = quantile(cpu[1], 0.5);
  for (let i = 2; i < commands.length; i++) {
    const med = quantile(wall[i], 0.5);
    console.log(
      `${commands[i].name.padEnd(26)} ${(med / quantile(wall[0], 0.5)).toFixed(2)}x node -e 0 (wall), ${(quantile(cpu[i], 0.5) / bare).toFixed(2)}x a bare listener (CPU); goal under ${goalMs} ms: ${med < goalMs ? "met" : "NOT met"} (${med.toFixed(1)} ms)`,
    );
  }
} catch (err) {
  fail(err.message);
}
