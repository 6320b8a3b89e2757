#!/usr/bin/env node
// Download and upload of one large file (512 MiB) with curl, against the
// embedded server (`ftpctl serve`, a child process), the real vsftpd and
// pyftpdlib, all serving the same tree on 127.0.0.1 (see ftp-servers.mjs).
// Each round runs every server once, in a rotating order, so drift in
// machine load hits all of them alike; the table shows medians in MiB/s.
//
//   node bench/serve-transfer.mjs [--mib 512] [--rounds 5] [--goal 0.8]
//
// The file is read from the page cache (it is read once before measuring);
// uploads go to upload/ and are deleted after each run. curl runs passive
// (EPSV), binary, output to /dev/null. Needs a built dist/ and, for vsftpd,
// root. Exit 0 always: this measures; the goal lines say what is met.
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { median, readArgs, requireBuild, tempDir } from "./lib.mjs";
import { loadLine, makeTree, ratio, startAll, stopAll, table, verdict } from "./ftp-servers.mjs";

const { flag } = readArgs();
const mib = Number(flag("--mib", "512"));
const rounds = Number(flag("--rounds", "5"));
const goal = Number(flag("--goal", "0.8"));

requireBuild();
const dir = tempDir("ftpctl-bench-transfer-");
const tree = makeTree(dir, { "big.bin": mib * 1024 * 1024 });
readFileSync(join(tree, "big.bin"));
const servers = await startAll(dir, { tree });

/** One curl transfer; its own figures: seconds and bytes. */
function curl(argv) {
  const out = execFileSync("curl", ["-sS", "--fail", "-w", "%{time_total} %{size_download} %{size_upload}", ...argv], { encoding: "utf8", maxBuffer: 1024 * 1024 });
  const [seconds, down, up] = out.trim().split(" ").map(Number);
  return { seconds, bytes: Math.max(down, up) };
}

const mibPerS = ({ seconds, bytes }) => bytes / 1024 / 1024 / seconds;
const results = new Map(servers.map((s) => [s.name, { down: [], up: [] }]));
try {
  console.log(`transfer of a ${mib} MiB file with curl, ${rounds} rounds; ${loadLine()}`);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < servers.length; i++) {
      const s = servers[(r + i) % servers.length];
      const url = `ftp://127.0.0.1:${s.port}/`;
      const down = curl(["-o", "/dev/null", `${url}big.bin`]);
      if (down.bytes !== mib * 1024 * 1024) throw new Error(`${s.name}: downloaded ${down.bytes} bytes`);
      const name = `up-${s.name}-${r}.bin`;
      const up = curl(["-T", join(tree, "big.bin"), `${url}upload/${name}`]);
      rmSync(join(tree, "upload", name), { force: true });
      results.get(s.name).down.push(mibPerS(down));
      results.get(s.name).up.push(mibPerS(up));
    }
  }
} finally {
  await stopAll(servers);
}

const med = (name, dirn) => (results.has(name) ? median(results.get(name)[dirn]) : 0);
const rows = [["server", "download MiB/s", "upload MiB/s", "down vs vsftpd", "up vs vsftpd"]];
for (const s of servers) {
  rows.push([s.name, med(s.name, "down").toFixed(0), med(s.name, "up").toFixed(0), ratio(med(s.name, "down"), med("vsftpd", "down")), ratio(med(s.name, "up"), med("vsftpd", "up"))]);
}
console.log(table(rows));
console.log(verdict(`download, embedded >= ${goal}x vsftpd`, med("embedded", "down") / med("vsftpd", "down"), goal));
console.log(verdict(`upload, embedded >= ${goal}x vsftpd`, med("embedded", "up") / med("vsftpd", "up"), goal));
