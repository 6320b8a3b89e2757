#!/usr/bin/env node
// Cold start of `ftpctl lint FILE` against a bare `node -e 0`, measured side
// by side: the two commands alternate, so drift in machine load (other
// builds, thermal limits) hits both equally and cancels out of the ratio.
//
//   node bench/lint-startup.mjs [--runs N] [--goal 1.5] [FILE]
//
// Needs a built dist/ (npm run build). Exit code 0 always: this is a
// measurement, not a test; the verdict line says whether the goal is met.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const runs = Number(flag("--runs", "40"));
const goal = Number(flag("--goal", "1.5"));
const file = args[0] ?? `${root}examples/debian-default.conf`;

if (!existsSync(`${root}dist/cli.js`)) {
  console.error("bench/lint-startup: dist/cli.js is missing; run `npm run build` first.");
  process.exit(2);
}

const node = process.execPath;
const baseline = [node, ["-e", "0"]];
const ftpctl = [node, [`${root}bin/ftpctl.js`, "lint", file]];

function time([cmd, argv]) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { stdio: ["ignore", "ignore", "pipe"] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  // Exit 1 is a lint verdict (findings), not a failure of the run.
  if (r.status !== 0 && r.status !== 1) {
    console.error(`bench/lint-startup: ${argv.join(" ")} exited ${r.status}\n${r.stderr}`);
    process.exit(2);
  }
  return ms;
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

// Warm the page cache and the disk cache of both commands before measuring.
for (let i = 0; i < 3; i++) {
  time(baseline);
  time(ftpctl);
}
const base = [];
const lint = [];
for (let i = 0; i < runs; i++) {
  // Alternate which goes first, so neither always follows the other.
  if (i % 2) {
    base.push(time(baseline));
    lint.push(time(ftpctl));
  } else {
    lint.push(time(ftpctl));
    base.push(time(baseline));
  }
}

const row = (name, xs) =>
  `${name.padEnd(34)} median ${quantile(xs, 0.5).toFixed(1).padStart(6)} ms   p90 ${quantile(xs, 0.9).toFixed(1).padStart(6)} ms`;
const ratio = quantile(lint, 0.5) / quantile(base, 0.5);
const pairs = lint.map((l, i) => l / base[i]);
console.log(`lint start-up, ${runs} interleaved runs each, file ${file.replace(root, "")}`);
console.log(row("node -e 0", base));
console.log(row("node bin/ftpctl.js lint FILE", lint));
console.log(
  `ratio of medians ${ratio.toFixed(2)}x (median of per-pair ratios ${quantile(pairs, 0.5).toFixed(2)}x); goal <= ${goal}x: ${ratio <= goal ? "met" : "NOT met"}`,
);
