#!/usr/bin/env node
// Lints 10,000 config files in one invocation and compares the wall time with
// the 2 s goal and, as a floor, with `cat`-ing the same files.
//
//   node bench/lint-many.mjs [--files N] [--runs R] [--goal SECONDS] [--keep]
//
// --keep leaves the generated files in place and prints their directory, for
// profiling: cd there and run `node --cpu-prof <repo>/bin/ftpctl.js lint ...`.
//
// The files are generated in a temp dir from test/fixtures/*.conf (or
// examples/*.conf): each is one of those configs with a header naming it and
// a few settings varied per file, so no two files are identical. The command
// is `ftpctl lint --format json --distro debian <files>`, output to /dev/null;
// paths are relative to the temp dir to stay far below ARG_MAX. Needs a built
// dist/ (npm run build). Exit code 0 always: this measures, it does not test.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bin, fail, quantile, readArgs, requireBuild, root, tempDir, time } from "./lib.mjs";

const { flag, has } = readArgs();
const keep = has("--keep");
const count = Number(flag("--files", "10000"));
const runs = Number(flag("--runs", "3"));
const goalMs = Number(flag("--goal", "2")) * 1000;

requireBuild();

const sourceDir = existsSync(`${root}test/fixtures`) ? `${root}test/fixtures/` : `${root}examples/`;
const seeds = readdirSync(sourceDir)
  .filter((f) => f.endsWith(".conf"))
  .sort()
  .map((f) => ({ name: f, text: readFileSync(sourceDir + f, "utf8") }));
if (seeds.length === 0) fail(`no .conf files in ${sourceDir}`);

// Settings that real configs vary without changing what the file is about.
const VARIATIONS = [
  (i) => `idle_session_timeout=${120 + (i % 600)}`,
  (i) => `data_connection_timeout=${60 + (i % 300)}`,
  (i) => `ftpd_banner=Welcome to ftp${i}.example.org`,
  (i) => `max_per_ip=${1 + (i % 20)}`,
  (i) => `xferlog_file=/var/log/vsftpd-${i % 50}.log`,
  (i) => `local_max_rate=${(i % 10) * 102400}`,
];

const dir = tempDir("ftpctl-bench-", { keep });
const files = [];
let bytes = 0;
for (let i = 0; i < count; i++) {
  const seed = seeds[i % seeds.length];
  const extra = VARIATIONS.filter((_, k) => (i >> k) & 1).map((v) => v(i));
  // A BOM must stay first, so variations go at the end of the file.
  const text = `${seed.text}${seed.text.endsWith("\n") ? "" : "\n"}# bench copy ${i} of ${seed.name}\n${extra.join("\n")}${extra.length ? "\n" : ""}`;
  const name = `c${i}.conf`;
  writeFileSync(join(dir, name), text);
  files.push(name);
  bytes += Buffer.byteLength(text);
}

const argBytes = files.reduce((n, f) => n + f.length + 1, 0);
const argMax = Number(spawnSync("getconf", ["ARG_MAX"], { encoding: "utf8" }).stdout.trim()) || 2_097_152;
if (argBytes > argMax / 2) fail(`${argBytes} bytes of file names is too close to ARG_MAX (${argMax})`);

// Exit 1 is a lint verdict (findings); the label leaves out the 10,000 file names.
const run = (cmd, argv) => time(cmd, argv, { cwd: dir, ok: [0, 1], label: cmd });

const lint = [process.execPath, [bin, "lint", "--format", "json", "--distro", "debian", ...files]];
const cat = ["cat", files];
const lintMs = [];
const catMs = [];
run(...cat); // warm the page cache
for (let i = 0; i < runs; i++) {
  catMs.push(run(...cat));
  lintMs.push(run(...lint));
}
if (keep) console.log(`kept the generated files in ${dir}`);

const l = quantile(lintMs, 0.5);
const c = quantile(catMs, 0.5);
console.log(`lint of ${count} files (${(bytes / 1e6).toFixed(1)} MB, from ${seeds.length} seeds in ${sourceDir.replace(root, "")}), median of ${runs} runs`);
console.log(`  ftpctl lint --format json   ${(l / 1000).toFixed(2).padStart(6)} s   goal <= ${(goalMs / 1000).toFixed(1)} s: ${l <= goalMs ? "met" : "NOT met"}`);
console.log(`  cat (floor)                 ${(c / 1000).toFixed(2).padStart(6)} s`);
console.log(`  ratio to cat                ${(l / c).toFixed(1).padStart(6)}x   (${((l - c) / count).toFixed(3)} ms per file above the floor)`);
