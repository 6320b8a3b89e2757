#!/usr/bin/env node
// `ftpctl verify` against a local server, beside the same checks made with
// curl invoked once per check, in one run, interleaved round by round. The
// server is the embedded one (`ftpctl serve`, a child process), so no root
// is needed: the anonymous profile, and local + jailed + ftps with a user
// and a self-signed certificate. Goals: a full verify under 1.5 s for
// anonymous and under 3 s for local + jailed + ftps.
//
//   node bench/verify.mjs [--runs 7]
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { freePort, waitForListener } from "./ftp-servers.mjs";
import { bin, fail, median, readArgs, requireBuild, tempDir } from "./lib.mjs";

const args = readArgs();
const runs = Number(args.flag("--runs", "7"));
requireBuild();
const CURL = "/usr/bin/curl";
if (spawnSync(CURL, ["--version"]).status !== 0) fail("needs curl (/usr/bin/curl)");

const dir = tempDir("ftpctl-bench-verify-");
chmodSync(dir, 0o755);
const tree = join(dir, "tree");
mkdirSync(join(tree, "files"), { recursive: true });
writeFileSync(join(tree, "readme.txt"), "hello\n");
chmodSync(join(tree, "files"), 0o777);
chmodSync(tree, 0o555);
// verify checks the certificate names the host it dialled: 127.0.0.1 as an IP SAN.
const cert = join(dir, "cert.pem");
const key = join(dir, "key.pem");
execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "365", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
const pw = join(dir, "alice.pw");
writeFileSync(pw, "bench-Secret-1\n", { mode: 0o600 });
const netrc = join(dir, "netrc");
writeFileSync(netrc, "machine 127.0.0.1 login alice password bench-Secret-1\n", { mode: 0o600 });
const upload = join(dir, "up.bin");
writeFileSync(upload, Buffer.alloc(64 * 1024, 1));

async function serve(name, profile, extra) {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, profile);
  const port = await freePort();
  const child = spawn(process.execPath, [bin, "serve", file, "--port", String(port), "--root", tree, "--distro", "debian", ...extra], { stdio: ["ignore", "ignore", "pipe"] });
  let exited = false;
  child.once("exit", () => (exited = true));
  if (!(await waitForListener(port, () => exited))) fail(`ftpctl serve ${name} did not start`);
  return { file, port, stop: () => new Promise((r) => (exited ? r() : (child.once("exit", r), child.kill("SIGTERM")))) };
}

const anon = await serve("anonymous", "extends: [anonymous]\npassive: {minPort: 41000, maxPort: 41099}\n", []);
const local = await serve("local-jailed-ftps", `extends: [local, jailed, ftps]\npassive: {minPort: 41100, maxPort: 41199}\ntls: {cert: ${cert}, key: ${key}}\n`, ["--user", `alice:${pw}`, "--cert", cert, "--key", key]);

const url = (s, path = "/") => `ftp://127.0.0.1:${s.port}${path}`;
const curl = (...a) => [CURL, "-sS", "--max-time", "10", ...a];
/** The checks verify makes, one curl each, as a script would make them. */
const CURL_CHECKS = {
  anonymous: (s) => [
    curl("-o", "/dev/null", url(s)), // greeting (and login)
    curl("-Q", "FEAT", "-o", "/dev/null", url(s)),
    curl("--list-only", url(s)),
    curl("-T", upload, url(s, "/missing/probe")),
    curl("-Q", "MKD /missing/x", "-o", "/dev/null", url(s)),
    curl("-Q", "DELE /missing/x", "-o", "/dev/null", url(s)),
    curl("-Q", "CWD ..", "-o", "/dev/null", url(s)),
    curl("--disable-epsv", "--list-only", url(s)),
    curl("--list-only", url(s)),
    curl("-P", "-", "--list-only", url(s)),
    curl("--ssl-reqd", "--cacert", cert, "--list-only", url(s)),
  ],
  local: (s) => {
    const tls = ["--ssl-reqd", "--cacert", cert, "--netrc-file", netrc];
    return [
      curl("-o", "/dev/null", "--ssl-reqd", "--cacert", cert, url(s)),
      curl("-Q", "FEAT", "-o", "/dev/null", url(s)),
      curl("--list-only", url(s)), // anonymous refused
      curl(...tls, "--list-only", url(s)), // local login
      curl(...tls, "-Q", "CWD ..", "--list-only", url(s)), // jail
      curl(...tls, "-T", upload, url(s, "/files/rt.bin")),
      curl(...tls, "-o", "/dev/null", url(s, "/files/rt.bin")),
      curl(...tls, "-Q", "DELE files/rt.bin", "-o", "/dev/null", url(s)),
      curl(...tls, "--disable-epsv", "--list-only", url(s)),
      curl(...tls, "--list-only", url(s)),
      curl("--netrc-file", netrc, "--list-only", url(s)), // cleartext login refused
      curl(...tls, "--tls-max", "1.1", "--list-only", url(s)),
      curl(...tls, "--list-only", url(s)), // certificate verified
    ];
  },
};

function wall(argvs) {
  const t0 = process.hrtime.bigint();
  for (const a of argvs) spawnSync(a[0], a.slice(1), { stdio: "ignore" });
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const verifyArgv = {
  anonymous: (s) => [[process.execPath, bin, "verify", s.file, "--host", "127.0.0.1", "--port", String(s.port), "--distro", "debian"]],
  local: (s) => [[process.execPath, bin, "verify", s.file, "--host", "127.0.0.1", "--port", String(s.port), "--distro", "debian", "--user", "alice", "--password-file", pw, "--ca", cert]],
};

// One run first, outside the figures: every check must pass, or the timing means nothing.
for (const [name, s] of [["anonymous", anon], ["local", local]]) {
  const [argv] = verifyArgv[name](s);
  const r = spawnSync(argv[0], argv.slice(1), { encoding: "utf8" });
  if (r.status !== 0) fail(`verify ${name} did not pass:\n${r.stdout}${r.stderr}`);
}

const times = { anonymous: { verify: [], curl: [] }, local: { verify: [], curl: [] } };
for (let i = 0; i < runs; i++) {
  for (const [name, s] of [["anonymous", anon], ["local", local]]) {
    // Alternate which goes first, so load drift hits both alike.
    const order = i % 2 ? ["curl", "verify"] : ["verify", "curl"];
    for (const what of order) times[name][what].push(wall(what === "verify" ? verifyArgv[name](s) : CURL_CHECKS[name](s)));
  }
}
await anon.stop();
await local.stop();

const [l1, l5] = loadavg();
console.log(`ftpctl verify against the embedded server, ${runs} runs each, interleaved; load average ${l1.toFixed(2)} (1 min), ${l5.toFixed(2)} (5 min)`);
console.log("profile                 verify (median)  curl once per check (median)  curl calls  ratio curl/verify");
for (const [name, label, goal] of [["anonymous", "anonymous", 1500], ["local", "local+jailed+ftps", 3000]]) {
  const v = median(times[name].verify);
  const c = median(times[name].curl);
  console.log(`${label.padEnd(22)}  ${v.toFixed(0).padStart(8)} ms      ${c.toFixed(0).padStart(8)} ms                    ${String(CURL_CHECKS[name](anon).length).padStart(4)}        ${(c / v).toFixed(2)}x`);
  console.log(`goal ${label}: verify under ${goal / 1000} s: ${v < goal ? "met" : "NOT met"} (${(v / 1000).toFixed(2)} s)`);
}
