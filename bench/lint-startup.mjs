#!/usr/bin/env node
// Cold start of `ftpctl lint FILE` against a bare `node -e 0`, measured side
// by side: the two commands alternate, so drift in machine load (other
// builds, thermal limits) hits both equally and cancels out of the ratio.
//
//   node bench/lint-startup.mjs [--runs N] [--goal 1.5] [FILE]
//
// Needs a built dist/ (npm run build). Exit code 0 always: this is a
// measurement, not a test; the verdict line says whether the goal is met.
import { bin, medianP90Row, quantile, readArgs, requireBuild, root, time } from "./lib.mjs";

const { flag, rest } = readArgs();
const runs = Number(flag("--runs", "40"));
const goal = Number(flag("--goal", "1.5"));
const file = rest[0] ?? `${root}examples/debian-default.conf`;

requireBuild();

const node = process.execPath;
const baseline = [node, ["-e", "0"]];
const ftpctl = [node, [bin, "lint", file]];

// Exit 1 is a lint verdict (findings), not a failure of the run.
const run = ([cmd, argv]) => time(cmd, argv, { ok: [0, 1], label: argv.join(" ") });

// Warm the page cache and the disk cache of both commands before measuring.
for (let i = 0; i < 3; i++) {
  run(baseline);
  run(ftpctl);
}
const base = [];
const lint = [];
for (let i = 0; i < runs; i++) {
  // Alternate which goes first, so neither always follows the other.
  if (i % 2) {
    base.push(run(baseline));
    lint.push(run(ftpctl));
  } else {
    lint.push(run(ftpctl));
    base.push(run(baseline));
  }
}

const ratio = quantile(lint, 0.5) / quantile(base, 0.5);
const pairs = lint.map((l, i) => l / base[i]);
console.log(`lint start-up, ${runs} interleaved runs each, file ${file.replace(root, "")}`);
console.log(medianP90Row("node -e 0", base));
console.log(medianP90Row("node bin/ftpctl.js lint FILE", lint));
console.log(
  `ratio of medians ${ratio.toFixed(2)}x (median of per-pair ratios ${quantile(pairs, 0.5).toFixed(2)}x); goal <= ${goal}x: ${ratio <= goal ? "met" : "NOT met"}`,
);
