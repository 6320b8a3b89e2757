/**
 * A brand-new Debian 12 server to provision: a minimal root filesystem made
 * with debootstrap, cached outside the repository, with vsftpd's and
 * iptables' packages downloaded into its apt cache but not installed; booted
 * under systemd-nspawn with a private network (loopback only, so nothing
 * inside reaches the network: apt installs from the cache), this checkout
 * mounted read-only at /opt/ftpctl and the host's node at
 * /usr/local/bin/node.
 *
 * Commands run inside with `nsenter -t <leader> -a`, which enters every
 * namespace of the container's init (mount included, so the container's own
 * binaries run), with a clean environment and no terminal, as `ssh host cmd`
 * would. Host tools reach the container's network with `nsenter -n`.
 *
 * The cache is built into a temporary directory and renamed into place once
 * complete, so a half-built cache is never used. Each boot runs on a
 * throwaway copy (`cp -a --reflink=auto`), removed when the container stops.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";

/** Bump when the build steps below change, so an older cache is not reused. */
export const RECIPE_VERSION = 2;
export const SUITE = "bookworm";
export const CACHE_ROOT = process.env.FTPCTL_TEST_CACHE ?? "/var/cache/ftpctl-test";
/** Packages apply installs, downloaded ahead so the container needs no network. */
export const PREFETCH = ["vsftpd", "iptables"] as const;
/**
 * Packages some tests install before boot (`BootOptions.install`), downloaded
 * with the rest: sshd for `--ssh` and Ansible (which needs python3 and, for
 * its apt module, python3-apt on the target), cloud-init for the user-data
 * export, and Debian's own Node 18 for the single-file build.
 */
export const EXTRAS = ["openssh-server", "python3", "python3-apt", "cloud-init", "nodejs"] as const;

export const CONTAINER_TOOLS = ["root", "/usr/sbin/debootstrap", "/usr/bin/systemd-nspawn", "/usr/bin/nsenter", "/usr/bin/ps", "/usr/bin/cp"];

/** PATH and environment of a non-interactive root ssh session on Debian. */
export const SSH_ENV = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root", "USER=root", "LOGNAME=root", "SHELL=/bin/bash", "LANG=C.UTF-8"];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Whether the built CLI (bin/ftpctl.js over dist/) of `checkout` lists
 * `command`: tests that run ftpctl as an operator would need the build, not
 * the sources (CI builds before it tests; locally, `npm run build`).
 */
export function builtCliHas(checkout: string, command: string): boolean {
  const help = spawnSync(process.execPath, [join(checkout, "bin/ftpctl.js"), "--help"], { encoding: "utf8" });
  return new RegExp(`^\\s+ftpctl ${command}\\b`, "m").test(help.stdout ?? "");
}

export type Log = (line: string) => void;

export interface Cached {
  /** The root filesystem directory. */
  readonly rootfs: string;
  /** Whether this call built it, and how long the build's steps took (seconds). */
  readonly built: boolean;
  readonly timings: Readonly<Record<string, number>>;
}

export function cacheDir(): string {
  return join(CACHE_ROOT, `${SUITE}-v${RECIPE_VERSION}`);
}

async function step(name: string, timings: Record<string, number>, log: Log, argv: readonly string[], timeoutMs: number): Promise<void> {
  log(`container: ${name}: ${argv.join(" ")}`);
  const t0 = Date.now();
  const r = await execa(argv[0]!, argv.slice(1), { reject: false, stdin: "ignore", all: true, timeout: timeoutMs, env: { DEBIAN_FRONTEND: "noninteractive", LC_ALL: "C" } });
  timings[name] = (Date.now() - t0) / 1000;
  if (r.exitCode !== 0) {
    const tail = String(r.all ?? "").split("\n").slice(-25).join("\n");
    throw new Error(`container: ${name} failed (exit ${r.exitCode}${r.timedOut ? ", timed out" : ""}):\n${tail}`);
  }
}

/** `systemd-nspawn --pipe`: one command in the tree, no boot, the host's network (for apt). */
function inTree(rootfs: string, argv: readonly string[]): string[] {
  return ["systemd-nspawn", "--quiet", "--register=no", "--keep-unit", "-D", rootfs, "--pipe", "-E", "DEBIAN_FRONTEND=noninteractive", ...argv];
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether any process names `path` on its command line (a container still running on a copy). */
function inUse(path: string): boolean {
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(path)) return true;
    } catch {
      // Gone meanwhile.
    }
  }
  return false;
}

/**
 * Build directories (".build-v<recipe>-<pid>-…") and boot copies
 * (".run-<pid>-…") whose process died without cleaning up are leftovers.
 */
function removeAbandoned(): void {
  for (const entry of readdirSync(CACHE_ROOT)) {
    const m = entry.match(/^\.build-v\d+-(\d+)-/) ?? entry.match(/^\.run-(\d+)-/);
    const path = join(CACHE_ROOT, entry);
    if (m && !pidAlive(Number(m[1])) && !inUse(path)) rmSync(path, { recursive: true, force: true });
  }
}

/**
 * The cached root filesystem, built first if missing (debootstrap ~40 s,
 * apt ~5 s on the reference machine). Concurrent callers may both build;
 * the first rename wins and the other copy is dropped.
 */
export async function ensureRootfs(log: Log = () => {}): Promise<Cached> {
  const done = cacheDir();
  if (existsSync(join(done, "recipe.json"))) return { rootfs: join(done, "rootfs"), built: false, timings: {} };

  mkdirSync(CACHE_ROOT, { recursive: true, mode: 0o755 });
  removeAbandoned();
  const tmp = mkdtempSync(join(CACHE_ROOT, `.build-v${RECIPE_VERSION}-${process.pid}-`));
  const rootfs = join(tmp, "rootfs");
  const timings: Record<string, number> = {};
  try {
    // No mirror named: debootstrap's default for the suite.
    await step("debootstrap", timings, log, ["debootstrap", "--variant=minbase", "--include=systemd,systemd-sysv,dbus", SUITE, rootfs], 15 * 60_000);
    await step("apt-get update", timings, log, inTree(rootfs, ["apt-get", "update"]), 5 * 60_000);
    await step("download", timings, log, inTree(rootfs, ["apt-get", "install", "--download-only", "-y", ...PREFETCH, ...EXTRAS]), 5 * 60_000);
    writeFileSync(join(rootfs, "etc/hostname"), "ftpctl-new-server\n");
    writeFileSync(
      join(tmp, "recipe.json"),
      JSON.stringify({ recipe: RECIPE_VERSION, suite: SUITE, prefetch: PREFETCH, extras: EXTRAS, builtAt: new Date().toISOString(), timings }, null, 2) + "\n",
    );
    chmodSync(tmp, 0o755);
    try {
      renameSync(tmp, done);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
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

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

export interface Container {
  /** The throwaway copy the container runs on. */
  readonly root: string;
  readonly nspawnPid: number;
  /** The container's init (systemd), seen from the host. */
  readonly leader: number;
  /** Milliseconds from spawning nspawn to `systemctl is-system-running` saying running or degraded. */
  readonly bootMs: number;
  /** Runs argv inside, as a non-interactive ssh command would: clean environment, no terminal. */
  exec(argv: readonly string[], opts?: { input?: string; timeoutMs?: number }): Promise<RunResult>;
  /** Runs a host program in the container's network namespace only (curl against the container's 127.0.0.1). */
  execNet(argv: readonly string[], opts?: { timeoutMs?: number }): Promise<RunResult>;
  /** A file from inside the container, or undefined. */
  readFile(path: string): string | undefined;
  /** What nspawn printed: the container's console. */
  console(): string;
  /** Powers the container off (SIGTERM to nspawn), bounded, then removes the copy. Never throws. */
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
// Last resort if a run dies without its afterAll: no container outlives the process.
process.once("exit", () => {
  for (const c of live) c.kill("SIGKILL");
});

async function run(argv: readonly string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  const t0 = Date.now();
  const r = await execa(argv[0]!, argv.slice(1), {
    reject: false,
    stripFinalNewline: false,
    ...(opts.input !== undefined ? { input: opts.input } : { stdin: "ignore" as const }),
    timeout: opts.timeoutMs ?? 120_000,
    extendEnv: false,
    env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL: "C" },
  });
  return { code: r.exitCode ?? -1, stdout: String(r.stdout ?? ""), stderr: String(r.stderr ?? "") + (r.timedOut ? "\n[timed out]" : ""), ms: Date.now() - t0 };
}

export interface BootOptions {
  /** The checkout to mount at /opt/ftpctl (read-only). */
  readonly checkout: string;
  readonly log?: Log;
  /** Bound on the boot, in ms. */
  readonly bootTimeoutMs?: number;
  /** Packages (of PREFETCH or EXTRAS) installed from apt's cache into the copy before it boots, with no network. */
  readonly install?: readonly string[];
  /** Extra read-only bind mounts, as nspawn's `--bind-ro=SRC[:DEST]` values. */
  readonly bindRo?: readonly string[];
  /** Runs on the copy's root directory after `install`, before boot (write a seed, a key). */
  readonly prepare?: (root: string) => void | Promise<void>;
}

/** Boots a fresh copy of the cached server. The caller must `stop()` it (afterAll). */
export async function bootContainer(opts: BootOptions): Promise<Container> {
  const log = opts.log ?? (() => {});
  const { rootfs } = await ensureRootfs(log);
  removeAbandoned();
  const dir = mkdtempSync(join(CACHE_ROOT, `.run-${process.pid}-`));
  const root = join(dir, "root");
  const copy = await run(["cp", "-a", "--reflink=auto", rootfs, root], { timeoutMs: 300_000 });
  if (copy.code !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`container: copying the cached root failed: ${copy.stderr}`);
  }
  try {
    if (opts.install?.length) {
      const argv = ["systemd-nspawn", "--quiet", "--register=no", "--keep-unit", "--private-network", "-D", root, "--pipe", "-E", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "--no-download", "--no-install-recommends", ...opts.install];
      log(`container: install before boot: ${argv.join(" ")}`);
      const r = await run(argv, { timeoutMs: 300_000 });
      if (r.code !== 0) throw new Error(`container: installing ${opts.install.join(" ")} failed:\n${(r.stdout + r.stderr).split("\n").slice(-25).join("\n")}`);
    }
    await opts.prepare?.(root);
  } catch (e) {
    await run(["rm", "-rf", "--one-file-system", dir], { timeoutMs: 120_000 });
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
    ...(opts.bindRo ?? []).map((b) => `--bind-ro=${b}`),
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

  // The container's init, once found: it must not outlive nspawn (a killed nspawn leaves it to PID 1).
  let leader = 0;
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const stop = async () => {
    if (!exited && nspawn.pid !== undefined) {
      // nspawn turns SIGTERM into an orderly poweroff of the container.
      nspawn.kill("SIGTERM");
      for (let i = 0; i < 150 && !exited; i++) await sleep(100);
      if (!exited) {
        nspawn.kill("SIGKILL");
        for (let i = 0; i < 50 && !exited; i++) await sleep(100);
      }
    }
    // Killing a PID namespace's init kills everything in it.
    if (leader && alive(leader)) {
      process.kill(leader, "SIGKILL");
      for (let i = 0; i < 50 && alive(leader); i++) await sleep(100);
    }
    // nspawn's mounts live in its own mount namespace; the host sees a plain tree.
    await run(["rm", "-rf", "--one-file-system", dir], { timeoutMs: 120_000 });
  };

  try {
    const deadline = Date.now() + (opts.bootTimeoutMs ?? 60_000);
    const check = () => {
      if (exited) throw new Error(`container: systemd-nspawn exited during boot:\n${readConsole().slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`container: not booted in time (is-system-running: ${state || "no answer"}):\n${readConsole().slice(-3000)}`);
    };
    // nspawn's first child is a helper that forks init and exits; the leader is the child running systemd.
    let state = "";
    while (!leader) {
      check();
      const kids = (await run(["ps", "-o", "pid=,comm=", "--ppid", String(nspawn.pid)])).stdout;
      leader = Number(kids.match(/^\s*(\d+)\s+systemd\s*$/m)?.[1] ?? 0);
      if (!leader) await sleep(50);
    }
    const enter = (argv: readonly string[]) => ["nsenter", "-t", String(leader), "-a", "env", "-i", ...SSH_ENV, ...argv];
    while (state !== "running" && state !== "degraded") {
      check();
      const r = await run(enter(["systemctl", "is-system-running"]), { timeoutMs: 10_000 });
      state = r.stdout.trim() || r.stderr.trim();
      if (state !== "running" && state !== "degraded") await sleep(100);
    }
    const bootMs = Date.now() - t0;
    log(`container: booted in ${bootMs} ms (${state})`);
    if (state === "degraded") log((await run(enter(["systemctl", "--failed", "--no-legend"]))).stdout);

    return {
      root,
      nspawnPid: nspawn.pid!,
      leader,
      bootMs,
      exec: (argv, o) => run(enter(argv), o),
      execNet: (argv, o) => run(["nsenter", "-t", String(leader), "-n", ...argv], o ?? {}),
      readFile: (path) => {
        try {
          // Through the init's root, so absolute symlinks resolve inside the container.
          return readFileSync(`/proc/${leader}/root${path}`, "utf8");
        } catch {
          return undefined;
        }
      },
      console: readConsole,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
