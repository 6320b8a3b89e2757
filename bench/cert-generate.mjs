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
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i < 0 ? fallback : args[i + 1];
};
const runs = Math.max(11, Number(flag("--runs", "31")));
const sizes = flag("--bits", "2048,3072,4096").split(",").map(Number);
const goal = Number(flag("--goal", "1.2"));

if (!existsSync(`${root}dist/cli.js`)) {
  console.error("bench/cert-generate: dist/cli.js is missing; run `npm run build` first.");
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), "ftpctl-bench-cert-"));
const out = (n) => join(dir, n);

const commands = (bits) => ({
  ftpctl: [process.execPath, [`${root}bin/ftpctl.js`, "cert", "generate", "--bits", String(bits), "--cert", out("f.pem"), "--key", out("f.key"), "--force", "--cn", "bench"]],
  openssl: ["openssl", ["req", "-x509", "-newkey", `rsa:${bits}`, "-nodes", "-keyout", out("o.key"), "-out", out("o.pem"), "-days", "365", "-subj", "/CN=bench"]],
});

function time([cmd, argv]) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { stdio: ["ignore", "ignore", "pipe"] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) {
    console.error(`bench/cert-generate: ${cmd} ${argv.join(" ")} exited ${r.status}\n${r.stderr}`);
    process.exit(2);
  }
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const q = (xs, p) => [...xs].sort((a, b) => a - b)[Math.round(p * (xs.length - 1))];
const fmt = (ms) => `${ms.toFixed(0).padStart(5)} ms`;

console.log(`cert generate vs openssl req -x509 -newkey: ${runs} interleaved runs per size (median, with the 25th-75th percentile)`);
const verdicts = [];
try {
  for (const bits of sizes) {
    const c = commands(bits);
    // Warm the page cache (node, the bundles, openssl) before measuring.
    time(c.ftpctl);
    time(c.openssl);
    const f = [];
    const o = [];
    for (let i = 0; i < runs; i++) {
      // Alternate which goes first, so neither always runs right after the other's disk writes.
      if (i % 2) {
        o.push(time(c.openssl));
        f.push(time(c.ftpctl));
      } else {
        f.push(time(c.ftpctl));
        o.push(time(c.openssl));
      }
    }
    const ratio = median(f) / median(o);
    verdicts.push({ bits, ratio });
    console.log(
      `rsa:${bits}  ftpctl ${fmt(median(f))} (${q(f, 0.25).toFixed(0)}-${q(f, 0.75).toFixed(0)})  openssl ${fmt(median(o))} (${q(o, 0.25).toFixed(0)}-${q(o, 0.75).toFixed(0)})  ratio ${ratio.toFixed(3)}x`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const main = verdicts.find((v) => v.bits === 3072);
if (main) console.log(`goal (3072-bit within ${goal}x of openssl): ${main.ratio <= goal ? "met" : "NOT met"} at ${main.ratio.toFixed(3)}x`);
