// test/helpers/container.ts
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
var RECIPE_VERSION = 2;
var SUITE = "bookworm";
var CACHE_ROOT = process.env.FTPCTL_TEST_CACHE ?? "/var/cache/ftpctl-test";
var PREFETCH = ["vsftpd", "iptables"];
var EXTRAS = ["openssh-server", "python3", "python3-apt", "cloud-init", "nodejs"];
var CONTAINER_TOOLS = ["root", "/usr/sbin/debootstrap", "/usr/bin/systemd-nspawn", "/usr/bin/nsenter", "/usr/bin/ps", "/usr/bin/cp"];
var SSH_ENV = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root", "USER=root", "LOGNAME=root", "SHELL=/bin/bash", "LANG=C.UTF-8"];
var sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function builtCliHas(checkout, command) {
  const help = spawnSync(process.execPath, [join(checkout, "bin/ftpctl.js"), "--help"], { encoding: "utf8" });
  return new RegExp(`^\\s+ftpctl ${command}\\b`, "m").test(help.stdout ?? "");
}
function cacheDir() {
  return join(CACHE_ROOT, `${SUITE}-v${RECIPE_VERSION}`);
}
async function step(name, timings, log, argv, timeoutMs) {
  log(`container: ${name}: ${argv.join(" ")}`);
  const t0 = Date.now();
  const r = await execa(argv[0], argv.slice(1), { reject: false, stdin: "ignore", all: true, timeout: timeoutMs, env: { DEBIAN_FRONTEND: "noninteractive", LC_ALL: "C" } });
  timings[name] = (Date.now() - t0) / 1e3;
  if (r.exitCode !== 0) {
    const tail = String(r.all ?? "").split("\n").slice(-25).join("\n");
    throw new Error(`container: ${name} failed (exit ${r.exitCode}${r.timedOut ? ", timed out" : ""}):
${tail}`);
  }
}
function inTree(rootfs, argv) {
  return ["systemd-nspawn", "--quiet", "--register=no", "--keep-unit", "-D", rootfs, "--pipe", "-E", "DEBIAN_FRONTEND=noninteractive", ...argv];
}
function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}
function inUse(path) {
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(path)) return true;
    } catch {
    }
  }
  return false;
}
function removeAbandoned() {
  for (const entry of readdirSync(CACHE_ROOT)) {
    const m = entry.match(/^\.build-v\d+-(\d+)-/) ?? entry.match(/^\.run-(\d+)-/);
    const path = join(CACHE_ROOT, entry);
    if (m && !pidAlive(Number(m[1])) && !inUse(path)) rmSync(path, { recursive: true, force: true });
  }
}
async function ensureRootfs(log = () => {
}) {
  const done = cacheDir();
  if (existsSync(join(done, "recipe.json"))) return { rootfs: join(done, "rootfs"), built: false, timings: {} };
  mkdirSync(CACHE_ROOT, { recursive: true, mode: 493 });
  removeAbandoned();
  const tmp = mkdtempSync(join(CACHE_ROOT, `.build-v${RECIPE_VERSION}-${process.pid}-`));
  const rootfs = join(tmp, "rootfs");
  const timings = {};
  try {
    await step("debootstrap", timings, log, ["debootstrap", "--variant=minbase", "--include=systemd,systemd-sysv,dbus", SUITE, rootfs], 15 * 6e4);
    await step("apt-get update", timings, log, inTree(rootfs, ["apt-get", "update"]), 5 * 6e4);
    await step("download", timings, log, inTree(rootfs, ["apt-get", "install", "--download-only", "-y", ...PREFETCH, ...EXTRAS]), 5 * 6e4);
    writeFileSync(join(rootfs, "etc/hostname"), "ftpctl-new-server\n");
    writeFileSync(
      join(tmp, "recipe.json"),
      JSON.stringify({ recipe: RECIPE_VERSION, suite: SUITE, prefetch: PREFETCH, extras: EXTRAS, builtAt: (/* @__PURE__ */ new Date()).toISOString(), timings }, null, 2) + "\n"
    );
    chmodSync(tmp, 493);
    try {
      renameSync(tmp, done);
    } catch (e) {
      const code = e.code;
      if (code !== "ENOTEMPTY" && code !== "EEXIST") throw e;
      log("container: another process finished the cache first; using theirs");
      rmSync(tmp, { recursive: true, force: true });
    }
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return { rootfs: join(done, "rootfs"), built: true, timings };
}
var live = /* @__PURE__ */ new Set();
process.once("exit", () => {
  for (const c of live) c.kill("SIGKILL");
});
async function run(argv, opts = {}) {
  const t0 = Date.now();
  const r = await execa(argv[0], argv.slice(1), {
    reject: false,
    stripFinalNewline: false,
    ...opts.input !== void 0 ? { input: opts.input } : { stdin: "ignore" },
    timeout: opts.timeoutMs ?? 12e4,
    extendEnv: false,
    env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL: "C" }
  });
  return { code: r.exitCode ?? -1, stdout: String(r.stdout ?? ""), stderr: String(r.stderr ?? "") + (r.timedOut ? "\n[timed out]" : ""), ms: Date.now() - t0 };
}
async function bootContainer(opts) {
  const log = opts.log ?? (() => {
  });
  const { rootfs } = await ensureRootfs(log);
  removeAbandoned();
  const dir = mkdtempSync(join(CACHE_ROOT, `.run-${process.pid}-`));
  const root = join(dir, "root");
  const copy = await run(["cp", "-a", "--reflink=auto", rootfs, root], { timeoutMs: 3e5 });
  if (copy.code !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`container: copying the cached root failed: ${copy.stderr}`);
  }
  try {
    if (opts.install?.length) {
      const argv = ["systemd-nspawn", "--quiet", "--register=no", "--keep-unit", "--private-network", "-D", root, "--pipe", "-E", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "--no-download", "--no-install-recommends", ...opts.install];
      log(`container: install before boot: ${argv.join(" ")}`);
      const r = await run(argv, { timeoutMs: 3e5 });
      if (r.code !== 0) throw new Error(`container: installing ${opts.install.join(" ")} failed:
${(r.stdout + r.stderr).split("\n").slice(-25).join("\n")}`);
    }
    await opts.prepare?.(root);
  } catch (e) {
    await run(["rm", "-rf", "--one-file-system", dir], { timeoutMs: 12e4 });
    throw e;
  }
  const consolePath = join(dir, "console.log");
  const out = openSync(consolePath, "w");
  const node = realpathSync(process.execPath);
  const args = [
    "--quiet",
    "-D",
    root,
    "--boot",
    "--register=no",
    "--keep-unit",
    "--private-network",
    "--console=read-only",
    `--machine=ftpctl-${process.pid}`,
    `--bind-ro=${node}:/usr/local/bin/node`,
    `--bind-ro=${realpathSync(opts.checkout)}:/opt/ftpctl`,
    ...(opts.bindRo ?? []).map((b) => `--bind-ro=${b}`)
  ];
  log(`container: systemd-nspawn ${args.join(" ")}`);
  const t0 = Date.now();
  const nspawn = spawn("systemd-nspawn", args, { stdio: ["ignore", out, out] });
  closeSync(out);
  live.add(nspawn);
  let exited = false;
  nspawn.once("exit", () => {
    exited = true;
    live.delete(nspawn);
  });
  const readConsole = () => {
    try {
      return readFileSync(consolePath, "utf8");
    } catch {
      return "";
    }
  };
  let leader = 0;
  const alive = (pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const stop = async () => {
    if (!exited && nspawn.pid !== void 0) {
      nspawn.kill("SIGTERM");
      for (let i = 0; i < 150 && !exited; i++) await sleep(100);
      if (!exited) {
        nspawn.kill("SIGKILL");
        for (let i = 0; i < 50 && !exited; i++) await sleep(100);
      }
    }
    if (leader && alive(leader)) {
      process.kill(leader, "SIGKILL");
      for (let i = 0; i < 50 && alive(leader); i++) await sleep(100);
    }
    await run(["rm", "-rf", "--one-file-system", dir], { timeoutMs: 12e4 });
  };
  try {
    const deadline = Date.now() + (opts.bootTimeoutMs ?? 6e4);
    const check = () => {
      if (exited) throw new Error(`container: systemd-nspawn exited during boot:
${readConsole().slice(-3e3)}`);
      if (Date.now() > deadline) throw new Error(`container: not booted in time (is-system-running: ${state || "no answer"}):
${readConsole().slice(-3e3)}`);
    };
    let state = "";
    while (!leader) {
      check();
      const kids = (await run(["ps", "-o", "pid=,comm=", "--ppid", String(nspawn.pid)])).stdout;
      leader = Number(kids.match(/^\s*(\d+)\s+systemd\s*$/m)?.[1] ?? 0);
      if (!leader) await sleep(50);
    }
    const enter = (argv) => ["nsenter", "-t", String(leader), "-a", "env", "-i", ...SSH_ENV, ...argv];
    while (state !== "running" && state !== "degraded") {
      check();
      const r = await run(enter(["systemctl", "is-system-running"]), { timeoutMs: 1e4 });
      state = r.stdout.trim() || r.stderr.trim();
      if (state !== "running" && state !== "degraded") await sleep(100);
    }
    const bootMs = Date.now() - t0;
    log(`container: booted in ${bootMs} ms (${state})`);
    if (state === "degraded") log((await run(enter(["systemctl", "--failed", "--no-legend"]))).stdout);
    return {
      root,
      nspawnPid: nspawn.pid,
      leader,
      bootMs,
      exec: (argv, o) => run(enter(argv), o),
      execNet: (argv, o) => run(["nsenter", "-t", String(leader), "-n", ...argv], o ?? {}),
      readFile: (path) => {
        try {
          return readFileSync(`/proc/${leader}/root${path}`, "utf8");
        } catch {
          return void 0;
        }
      },
      console: readConsole,
      stop
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
export {
  CACHE_ROOT,
  CONTAINER_TOOLS,
  EXTRAS,
  PREFETCH,
  RECIPE_VERSION,
  SSH_ENV,
  SUITE,
  bootContainer,
  builtCliHas,
  cacheDir,
  ensureRootfs
};
