#!/usr/bin/env node
// Wall time of a no-op `ftpctl apply` on a brand-new server, against the 2 s
// goal. Boots the cached Debian 12 container (test/helpers/container.ts;
// the first run builds the cache, about a minute), applies an anonymous
// profile once, then times the second and later applies, which have nothing
// to do, side by side with a bare `node -e 0` in the same container: the two
// alternate, so machine load hits both alike. Both go through the same
// `nsenter` as an ssh command would, so the difference is ftpctl's own cost.
//
//   node bench/apply-noop.mjs [--runs N] [--goal 2]
//
// Needs root, debootstrap and systemd-nspawn, and a built dist/ (npm run
// build). Exit code 0 always: this is a measurement, not a test; the verdict
// line says whether the goal is met.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { bin, fail, quantile, readArgs, root } from "./lib.mjs";

const { flag } = readArgs();
const runs = Number(flag("--runs", "15"));
const goalMs = Number(flag("--goal", "2")) * 1000;

// A build from before provisioning has dist/cli.js but no `apply`.
const help = spawnSync(process.execPath, [bin, "--help"], { encoding: "utf8" });
if (!/^\s+ftpctl apply\b/m.test(help.stdout ?? "")) fail("the built CLI has no `apply` command; run `npm run build` first.");

// The harness is TypeScript; bundle it next to node_modules so its imports resolve.
const cache = `${root}node_modules/.cache/ftpctl-bench/`;
mkdirSync(cache, { recursive: true });
await build({
  entryPoints: [`${root}test/helpers/container.ts`],
  outfile: `${cache}container.mjs`,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  logLevel: "error",
});
const { bootContainer, ensureRootfs } = await import(`${cache}container.mjs`);

const PROFILE = "/root/ftpctl.yaml";
const PROFILE_TEXT = "anonymous:\n  enabled: true\n  root: /srv/ftp\npassive:\n  minPort: 40000\n  maxPort: 40009\n";
const APPLY = ["node", "/opt/ftpctl/bin/ftpctl.js", "apply", PROFILE, "--yes"];
const BASELINE = ["node", "-e", "0"];

const t0 = Date.now();
const cached = await ensureRootfs((line) => console.log(line));
if (cached.built) console.log(`root filesystem built in ${((Date.now() - t0) / 1000).toFixed(1)} s (${JSON.stringify(cached.timings)})`);

const box = await bootContainer({ checkout: root });
try {
  console.log(`container booted in ${box.bootMs} ms`);
  await box.exec(["tee", PROFILE], { input: PROFILE_TEXT });
  const first = await box.exec(APPLY, { timeoutMs: 300_000 });
  console.log(`first apply: exit ${first.code}, ${(first.ms / 1000).toFixed(2)} s`);
  if (first.code !== 0) {
    console.log(first.stdout + first.stderr);
    process.exitCode = 1;
  } else {
    const noop = [];
    const base = [];
    let changed = 0;
    for (let i = 0; i < runs; i++) {
      base.push((await box.exec(BASELINE)).ms);
      const r = await box.exec(APPLY, { timeoutMs: 60_000 });
      if (r.code !== 0 || !/\b0 changed\b/.test(r.stdout)) changed++;
      noop.push(r.ms);
    }
    const stats = (xs) => ({ min: quantile(xs, 0), median: quantile(xs, 0.5), p90: quantile(xs, 0.9), max: quantile(xs, 1) });
    const a = stats(noop);
    const b = stats(base);
    const row = (name, x) => `${name.padEnd(22)} ${[x.min, x.median, x.p90, x.max].map((v) => `${v.toFixed(0).padStart(6)} ms`).join(" ")}`;
    console.log(`\n${runs} runs each, wall time through nsenter        min    median       p90       max`);
    console.log(row("node -e 0", b));
    console.log(row("ftpctl apply (no-op)", a));
    console.log(`ftpctl's own share (median): ${(a.median - b.median).toFixed(0)} ms`);
    if (changed) console.log(`warning: ${changed} of ${runs} no-op applies did not report "0 changed" with exit 0`);
    console.log(`verdict: median no-op apply ${(a.median / 1000).toFixed(2)} s against the ${goalMs / 1000} s goal: ${a.median < goalMs && a.max < goalMs ? "met" : "NOT met"}`);
  }
} finally {
  await box.stop();
}
