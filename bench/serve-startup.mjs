#!/usr/bin/env node
// Cold start of `ftpctl serve --port 0`: from spawning the process until a
// TCP connection to the port it prints ("serving ftp://127.0.0.1:PORT/") is
// accepted. Two inputs: none (the build's compiled defaults) and a plain
// vsftpd.conf (the one the other serve benchmarks use), next to a bare
// `node -e 0` run to exit, as the baseline of the ratio. The commands take
// turns in a rotating order, so drift in machine load hits all alike.
//
//   node bench/serve-startup.mjs [--runs 20] [--goal 150]
//
// Needs a built dist/ (npm run build). Exit 0 always: this measures.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
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

/** ms from spawn until the printed port accepts a connection; the server is then stopped (not timed). */
function serveUntilAccept(argv) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [bin, "serve", ...argv, "--port", "0", "--root", tree], { stdio: ["ignore", "pipe", "pipe"] });
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
        ms = performance.now() - t0;
        s.destroy();
        child.kill("SIGTERM");
      });
      s.once("error", (e) => {
        child.kill("SIGKILL");
        reject(e);
      });
    });
    child.once("exit", (code) => (ms === undefined ? reject(new Error(`ftpctl serve exited ${code} before accepting\n${err}`)) : resolve(ms)));
  });
}

const commands = [
  { name: "node -e 0", run: async () => time(process.execPath, ["-e", "0"]) },
  { name: "serve --port 0 (defaults)", run: () => serveUntilAccept([]) },
  { name: "serve CONF --port 0", run: () => serveUntilAccept([conf]) },
];

try {
  console.log(`serve cold start until it accepts, ${runs} interleaved runs each; ${loadLine()}`);
  for (let i = 0; i < 2; i++) for (const c of commands) await c.run();
  const times = commands.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (let j = 0; j < commands.length; j++) {
      const k = (i + j) % commands.length;
      times[k].push(await commands[k].run());
    }
  }
  commands.forEach((c, i) => console.log(medianP90Row(c.name, times[i])));
  for (let i = 1; i < commands.length; i++) {
    const med = quantile(times[i], 0.5);
    console.log(
      `${commands[i].name.padEnd(26)} ${(med / quantile(times[0], 0.5)).toFixed(2)}x node -e 0; goal under ${goalMs} ms: ${med < goalMs ? "met" : "NOT met"} (${med.toFixed(1)} ms)`,
    );
  }
} catch (err) {
  fail(err.message);
}
