#!/usr/bin/env node
// `npm run demo`: lints the shipped example configs (examples/*.conf) with
// the built CLI, as Debian's vsftpd 3.0.3 would read them, and explains the
// exit code. Exits 0 whenever lint ran, whatever it found: the findings are
// the point of the demo. Exits non-zero only when lint itself could not run.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
if (!existsSync(`${root}dist/cli.js`)) {
  console.error("demo: dist/ is missing; run `npm run build` first (npm run demo does).");
  process.exit(2);
}
const examples = readdirSync(`${root}examples`)
  .filter((f) => f.endsWith(".conf"))
  .sort()
  .map((f) => `examples/${f}`);
const args = ["lint", "--distro", "debian", ...examples];

console.log(`$ ftpctl ${args.join(" ")}\n`);
const run = spawnSync(process.execPath, [`${root}bin/ftpctl.js`, ...args], { cwd: root, stdio: "inherit" });
const code = run.status ?? 70;

const meaning = {
  0: "no errors: vsftpd would start and serve with every file (warnings and info never fail a run unless --max-warnings says so)",
  1: "at least one error: vsftpd would refuse to start, or refuse sessions, with one of these files",
  2: "a file could not be read, or the command line was wrong",
};
console.log(`\nftpctl exited ${code}: ${meaning[code] ?? "an internal error (a bug in ftpctl)"}.`);
if (code === 0 || code === 1) {
  console.log("Lint ran, so the demo succeeds. Try `node bin/ftpctl.js lint --help`, or lint your own /etc/vsftpd.conf.");
  process.exit(0);
}
process.exit(code);
