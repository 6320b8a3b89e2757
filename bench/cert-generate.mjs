#!/usr/bin/env node
// `ftpctl cert generate` against `openssl req -x509 -newkey`, per RSA size,
// wall-clock per process. RSA key generation is a random prime search, so
// one run says little: each size gets many runs, the two commands alternate
// (so drift in machine load hits both alike), and the verdict uses medians.
//
//   node bench/cert-generate.mjs [--runs N] [--bits 2048,3072,4096] [--goal 1.2]
//
// Needs a built dist/ (npm run build). Exit 0 always: this is a measurement;
// the last line says whether 3072-bit (the default size) meets the goal.
import { join } from "node:path";
import { bin, median, nearestRank as q, readArgs, requireBuild, tempDir, time } from "./lib.mjs";

const { flag } = readArgs();
const runs = Math.max(11, Number(flag("--runs", "31")));
const sizes = flag("--bits", "2048,3072,4096").split(",").map(Number);
const goal = Number(flag("--goal", "1.2"));

requireBuild();

const dir = tempDir("ftpctl-bench-cert-");
const out = (n) => join(dir, n);

const commands = (bits) => ({
  ftpctl: [process.execPath, [bin, "cert", "generate", "--bits", String(bits), "--cert", out("f.pem"), "--key", out("f.key"), "--force", "--cn", "bench"]],
  openssl: ["openssl", ["req", "-x509", "-newkey", `rsa:${bits}`, "-nodes", "-keyout", out("o.key"), "-out", out("o.pem"), "-days", "365", "-subj", "/CN=bench"]],
});
const run = ([cmd, argv]) => time(cmd, argv);
const fmt = (ms) => `${ms.toFixed(0).padStart(5)} ms`;

console.log(`cert generate vs openssl req -x509 -newkey: ${runs} interleaved runs per size (median, with the 25th-75th percentile)`);
const verdicts = [];
for (const bits of sizes) {
  const c = commands(bits);
  // Warm the page cache (node, the bundles, openssl) before measuring.
  run(c.ftpctl);
  run(c.openssl);
  const f = [];
  const o = [];
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first, so neither always runs right after the other's disk writes.
    if (i % 2) {
      o.push(run(c.openssl));
      f.push(run(c.ftpctl));
    } else {
      f.push(run(c.ftpctl));
      o.push(run(c.openssl));
    }
  }
  const ratio = median(f) / median(o);
  verdicts.push({ bits, ratio });
  console.log(
    `rsa:${bits}  ftpctl ${fmt(median(f))} (${q(f, 0.25).toFixed(0)}-${q(f, 0.75).toFixed(0)})  openssl ${fmt(median(o))} (${q(o, 0.25).toFixed(0)}-${q(o, 0.75).toFixed(0)})  ratio ${ratio.toFixed(3)}x`,
  );
}
const main = verdicts.find((v) => v.bits === 3072);
if (main) console.log(`goal (3072-bit within ${goal}x of openssl): ${main.ratio <= goal ? "met" : "NOT met"} at ${main.ratio.toFixed(3)}x`);
