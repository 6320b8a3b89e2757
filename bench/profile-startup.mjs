#!/usr/bin/env node
// Cold start of `ftpctl validate` and `ftpctl render` against a bare
// `node -e 0`, measured side by side on the same profile. The three commands
// take turns, in a rotating order, so drift in machine load (other builds,
// thermal limits) hits all of them equally and cancels out of the ratios.
//
//   node bench/profile-startup.mjs [--runs N] [--goal 1.5] [PROFILE]
//
// Without PROFILE, the profile is what `ftpctl init --profile local --profile
// jailed --profile ftps` writes, in a temp dir: it extends three built-ins, so
// a run reads four YAML files and validates four layers. Needs a built dist/
// (npm run build). Exit code 0 always: this is a measurement, not a test; the
// verdict lines say whether the goal is met.
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { bin, fail, medianP90Row, quantile, readArgs, requireBuild, tempDir, time } from "./lib.mjs";

const { flag, rest } = readArgs();
const runs = Number(flag("--runs", "40"));
const goal = Number(flag("--goal", "1.5"));

requireBuild();

const node = process.execPath;
const tmp = tempDir("ftpctl-bench-");
const profile = rest[0] ? resolve(rest[0]) : join(tmp, "ftpctl.yaml");
if (!rest[0]) {
  const r = spawnSync(node, [bin, "init", "--profile", "local", "--profile", "jailed", "--profile", "ftps"], { cwd: tmp, stdio: ["ignore", "ignore", "pipe"] });
  if (r.status !== 0) fail(`ftpctl init failed (${r.status})\n${r.stderr}`);
}

const commands = [
  { name: "node -e 0", argv: ["-e", "0"] },
  { name: "node bin/ftpctl.js validate FILE", argv: [bin, "validate", profile] },
  { name: "node bin/ftpctl.js render FILE", argv: [bin, "render", profile] },
];
const run = (c) => time(node, c.argv, { cwd: tmp, label: c.name });

// Warm the page cache and the disk cache of every command before measuring.
for (let i = 0; i < 3; i++) for (const c of commands) run(c);
const times = commands.map(() => []);
for (let i = 0; i < runs; i++) {
  // Rotate the order, so no command always follows the same one.
  for (let j = 0; j < commands.length; j++) {
    const k = (i + j) % commands.length;
    times[k].push(run(commands[k]));
  }
}

const base = times[0];
console.log(`profile start-up, ${runs} interleaved runs each, profile ${rest[0] ?? "extends [local, jailed, ftps]"}`);
commands.forEach((c, i) => console.log(medianP90Row(c.name, times[i])));
for (let i = 1; i < commands.length; i++) {
  const ratio = quantile(times[i], 0.5) / quantile(base, 0.5);
  // Each run of round i against the baseline run of the same round.
  const pairs = times[i].map((t, r) => t / base[r]);
  console.log(
    `${commands[i].argv[1].padEnd(8)} ratio of medians ${ratio.toFixed(2)}x (median of per-round ratios ${quantile(pairs, 0.5).toFixed(2)}x); goal <= ${goal}x: ${ratio <= goal ? "met" : "NOT met"}`,
  );
}
