#!/usr/bin/env node
// `npm run demo`: the main job on a built-in default. It writes a starter
// profile (`init`, the built-in anonymous read-only server), renders it into
// vsftpd.conf (`render`), lints the result (`lint`: no errors), and then
// lints the shipped example configs, whose findings show what lint catches
// (the tutorial's anonymous-only config that never starts, for one).
// Everything is written to a temporary directory that is removed afterwards.
// Exits 0 when every step ran as expected; lint finding errors in the
// examples is expected and explained.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
if (!existsSync(`${root}dist/cli.js`)) {
  console.error("demo: dist/ is missing; run `npm run build` first (npm run demo does).");
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), "ftpctl-demo-"));
const show = (p) => p.replace(work, "$DEMO");

function ftpctl(...args) {
  console.log(`\n$ ftpctl ${args.map(show).join(" ")}`);
  const run = spawnSync(process.execPath, [`${root}bin/ftpctl.js`, ...args], { cwd: root, stdio: "inherit" });
  return run.status ?? 70;
}

function fail(step, code) {
  console.error(`\ndemo: '${step}' exited ${code}; that is not expected on a fresh checkout.`);
  rmSync(work, { recursive: true, force: true });
  process.exit(1);
}

try {
  const profile = join(work, "ftpctl.yaml");
  const conf = join(work, "vsftpd.conf");
  let code = ftpctl("init", "--profile", "anonymous", "-o", profile);
  if (code !== 0) fail("init", code);
  code = ftpctl("render", profile, "--distro", "debian", "-o", conf);
  if (code !== 0) fail("render", code);
  code = ftpctl("lint", "--distro", "debian", conf);
  if (code !== 0) fail("lint of the rendered config", code);
  console.log("\nThe rendered config lints clean. Now the shipped examples, as Debian's vsftpd reads them:");

  const examples = readdirSync(`${root}examples`).filter((f) => f.endsWith(".conf")).sort().map((f) => `examples/${f}`);
  code = ftpctl("lint", "--distro", "debian", ...examples);
  const meaning = {
    0: "no errors: vsftpd would start and serve with every file",
    1: "at least one error: vsftpd would refuse to start, or refuse sessions, with one of these files",
  };
  if (!(code in meaning)) fail("lint of the examples", code);
  console.log(`\nftpctl exited ${code}: ${meaning[code]}. That is the point of the examples.`);
  console.log("Next: `node bin/ftpctl.js --help`, `ftpctl init --profile local --profile jailed --profile ftps`, or lint your own /etc/vsftpd.conf.");
} finally {
  rmSync(work, { recursive: true, force: true });
}
