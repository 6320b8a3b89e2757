#!/usr/bin/env node
// `npm run demo`: the main job on a built-in default. It writes a starter
// profile (`init`, the built-in anonymous read-only server), renders it into
// vsftpd.conf (`render`), lints the result (`lint`: no errors), and then
// lints the shipped example configs, whose findings show what lint catches
// (the tutorial's anonymous-only config that never starts, for one).
// Last, it serves the profile with the embedded FTP server (`serve`) on a
// free loopback port and runs a real client session against it (basic-ftp):
// the anonymous login, a listing and a download work; an upload is refused,
// as vsftpd refuses it on this profile. Then `verify` checks the running
// server against the profile over the wire, check by check.
// Everything is written to a temporary directory that is removed afterwards.
// Exits 0 when every step ran as expected; lint finding errors in the
// examples is expected and explained.
import { spawn, spawnSync } from "node:child_process";
import { createInterface } from "node:readline";
import { Readable, Writable } from "node:stream";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
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

function cleanUp() {
  if (existsSync(join(work, "ftp"))) chmodSync(join(work, "ftp"), 0o755);
  rmSync(work, { recursive: true, force: true });
}

function fail(step, code) {
  console.error(`\ndemo: '${step}' exited ${code}; that is not expected on a fresh checkout.`);
  cleanUp();
  process.exit(1);
}

/** `ftpctl serve` on the profile, a client session against it, then Ctrl-C (SIGINT). */
async function serveDemo(profile) {
  const tree = join(work, "ftp");
  mkdirSync(tree);
  writeFileSync(join(tree, "README.txt"), "Served by ftpctl's embedded FTP server.\n");
  // An anonymous root the session can write to is one vsftpd refuses to serve.
  chmodSync(tree, 0o555);
  const args = ["serve", profile, "--root", tree, "--address", "127.0.0.1", "--port", "0"];
  console.log(`\n$ ftpctl ${args.map(show).join(" ")} &`);
  const server = spawn(process.execPath, [`${root}bin/ftpctl.js`, ...args], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise((resolve) => server.on("close", (code, signal) => resolve(code ?? signal)));
  const lines = createInterface({ input: server.stdout });
  // The server's event lines are shown for the client session, not during verify's many short ones.
  let echo = true;
  const url = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), 10_000);
    lines.on("line", (line) => {
      if (echo || !/^\[\d+\] /.test(line)) console.log(`  [serve] ${line}`);
      const m = /^serving (ftp:\/\/\S+)/.exec(line);
      if (m) clearTimeout(timer), resolve(m[1]);
    });
    server.on("close", () => resolve(undefined));
  });
  if (!url) {
    server.kill("SIGKILL");
    fail("serve", await exited);
  }
  const { Client } = await import("basic-ftp");
  const client = new Client(5_000);
  const { hostname, port } = new URL(url);
  try {
    console.log(`\nA client session (basic-ftp) against ${url}:`);
    await client.access({ host: hostname, port: Number(port), user: "anonymous", password: "demo@example.org" });
    console.log(`  PWD  -> ${await client.pwd()}`);
    console.log(`  LIST -> ${(await client.list()).map((f) => f.name).join(", ")}`);
    let text = "";
    await client.downloadTo(new Writable({ write: (chunk, _enc, done) => ((text += chunk), done()) }), "README.txt");
    console.log(`  RETR README.txt -> ${JSON.stringify(text)}`);
    try {
      await client.uploadFrom(Readable.from(["not allowed\n"]), "upload.txt");
      console.log("  STOR upload.txt -> accepted (not expected on a read-only profile)");
      server.kill("SIGINT");
      fail("the read-only check", 1);
    } catch (err) {
      console.log(`  STOR upload.txt -> refused: ${err.message}`);
    }
  } catch (err) {
    server.kill("SIGINT");
    await exited;
    fail(`the client session (${err.message})`, 1);
  } finally {
    client.close();
  }
  echo = false;
  const verify = ftpctl("verify", profile, "--host", hostname, "--port", port, "--distro", "debian");
  if (verify !== 0) {
    server.kill("SIGINT");
    await exited;
    fail("verify against the embedded server", verify);
  }
  console.log("\n$ kill -INT <serve>   # Ctrl-C");
  server.kill("SIGINT");
  const code = await exited;
  if (code !== 0) fail("serve after Ctrl-C", code);
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

  await serveDemo(profile);
  console.log("\nNext: `node bin/ftpctl.js --help`, `ftpctl init --profile local --profile jailed --profile ftps`, or lint your own /etc/vsftpd.conf.");
} finally {
  cleanUp();
}
