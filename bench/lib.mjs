// What the benchmark scripts share: where the checkout is, `--flag value`
// arguments, the refusal to measure without a build, timing one spawned
// command, temp dirs, and the rank statistics the scripts report.
//
// Failures print `bench/<script>: ...` and exit 2, since a command that failed
// fast would otherwise be timed as a fast command. Plain ESM, no dependencies,
// so every script stays a bare `node bench/<script>.mjs`.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The checkout, with a trailing slash. */
export const root = fileURLToPath(new URL("..", import.meta.url));

/** The CLI every script measures. */
export const bin = `${root}bin/ftpctl.js`;

const script = basename(process.argv[1] ?? "bench", ".mjs");

/** Ends the run with exit 2 and `message` on stderr, prefixed with the script's name. */
export function fail(message) {
  console.error(`bench/${script}: ${message}`);
  process.exit(2);
}

/**
 * The script's command line. `flag(name, fallback)` returns the word after the
 * first `name` as a string (`fallback` when absent) and `has(name)` whether a
 * switch is there; both take what they read out of `rest`, so once the flags
 * are read `rest` holds the positional arguments.
 */
export function readArgs(argv = process.argv.slice(2)) {
  const rest = [...argv];
  return {
    rest,
    flag(name, fallback) {
      const i = rest.indexOf(name);
      if (i < 0) return fallback;
      return rest.splice(i, 2)[1];
    },
    has(name) {
      const i = rest.indexOf(name);
      if (i >= 0) rest.splice(i, 1);
      return i >= 0;
    },
  };
}

/** Timing a stale or absent build would measure nothing useful. */
export function requireBuild() {
  if (!existsSync(`${root}dist/cli.js`)) fail("dist/cli.js is missing; run `npm run build` first.");
}

/**
 * Wall time in ms of running `cmd argv` to completion, stdout discarded. An
 * exit status not in `ok` ends the run, naming `label` and showing the start
 * of stderr (a lint of 10,000 files can write a lot of it).
 */
export function time(cmd, argv, { cwd, env, ok = [0], label = `${cmd} ${argv.join(" ")}` } = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd, env, stdio: ["ignore", "ignore", "pipe"], maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (!ok.includes(r.status)) fail(`${label} exited ${r.status}\n${String(r.stderr).slice(0, 2000)}`);
  return ms;
}

/** A fresh dir under the system temp dir, removed when the process exits (even through fail()) unless `keep`. */
export function tempDir(prefix, { keep = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (!keep) process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);

// Two rank conventions, quantile() and nearestRank(), because the scripts'
// earlier figures were taken with both and should stay comparable.

/** The value at rank floor(q·n), clamped to the last: q = 0.5 is the upper median, q = 1 the maximum. */
export function quantile(xs, q) {
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

/** The value at rank round(q·(n-1)), the convention of cert-generate's quartiles. */
export function nearestRank(xs, q) {
  return sorted(xs)[Math.round(q * (xs.length - 1))];
}

/** The median proper: for an even count, the mean of the two middle values. */
export function median(xs) {
  const s = sorted(xs);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** One line of a start-up table: name, median and p90 in ms. */
export function medianP90Row(name, xs) {
  return `${name.padEnd(34)} median ${quantile(xs, 0.5).toFixed(1).padStart(6)} ms   p90 ${quantile(xs, 0.9).toFixed(1).padStart(6)} ms`;
}
