/**
 * Starts the real /usr/sbin/vsftpd on a config file and stops it again,
 * session children included.
 *
 * vsftpd writes its "500 OOPS:" refusals to file descriptor 0, so stdin is a
 * file the test reads back. Standalone vsftpd forks one session leader per
 * connection (two processes with privilege separation) and those outlive a
 * killed parent, so stopping walks the process tree from /proc and kills
 * each process by pid.
 */
import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { opens } from "../../src/core/tcp-probe.js";
import { join } from "node:path";

export const VSFTPD = "/usr/sbin/vsftpd";

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface VsftpdProcess {
  readonly pid: number;
  readonly port: number;
  readonly argv: readonly string[];
  /** Settles when the listener process exits. */
  readonly exited: Promise<Exit>;
  /** The exit, once it has happened. */
  exit(): Exit | undefined;
  /** What vsftpd wrote to its fd 0 (startup refusals). */
  oops(): string;
  stdout(): string;
  stderr(): string;
}

const live = new Set<VsftpdProcess>();
// Last resort when a test run dies without its afterAll: no listener outlives the worker.
process.once("exit", () => {
  for (const p of live) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
});
/** Capture directories this module made; removed when their process is stopped. */
const ownedDirs = new Map<VsftpdProcess, string>();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readOr(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

export interface StartOptions {
  readonly port: number;
  /** Extra -o settings, without the "-o" prefix; they come after the file and so win over it. */
  readonly overrides?: readonly string[];
  /**
   * Directory for the fd 0/1/2 capture files. By default a fresh temp
   * directory that stopVsftpd removes, so read oops() before stopping.
   */
  readonly captureDir?: string;
}

/**
 * `vsftpd <conf> -olisten_port=<port> ...`: a -o setting after the file
 * overrides the file (arguments apply left to right; checked with the binary).
 */
export function startVsftpd(conf: string, opts: StartOptions): VsftpdProcess {
  const dir = opts.captureDir ?? mkdtempSync("/tmp/ftpctl-vsftpd-");
  const paths = { fd0: join(dir, "fd0.txt"), out: join(dir, "stdout.txt"), err: join(dir, "stderr.txt") };
  const fds = [openSync(paths.fd0, "w+"), openSync(paths.out, "w"), openSync(paths.err, "w")] as const;
  const argv = [conf, `-olisten_port=${opts.port}`, ...(opts.overrides ?? []).map((o) => `-o${o}`)];
  const child = spawn(VSFTPD, argv, { stdio: [...fds], env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin" } });
  for (const fd of fds) closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start ${VSFTPD}`);
  let exit: Exit | undefined;
  const exited = new Promise<Exit>((resolve) => {
    child.once("exit", (code, signal) => resolve((exit = { code, signal })));
    child.once("error", () => resolve((exit = { code: null, signal: null })));
  });
  const proc: VsftpdProcess = {
    pid: child.pid,
    port: opts.port,
    argv: [VSFTPD, ...argv],
    exited,
    exit: () => exit,
    oops: () => readOr(paths.fd0),
    stdout: () => readOr(paths.out),
    stderr: () => readOr(paths.err),
  };
  live.add(proc);
  if (opts.captureDir === undefined) ownedDirs.set(proc, dir);
  return proc;
}

export type Readiness =
  | { readonly state: "exited"; readonly exit: Exit }
  | { readonly state: "listening"; readonly host: string }
  | { readonly state: "timeout" };

/**
 * Waits until the listener either exits (a startup refusal) or accepts a
 * connection on one of `hosts`. vsftpd binds only after every startup
 * check has passed, so an accepted connection means startup is over.
 */
export async function waitForListener(
  proc: VsftpdProcess,
  hosts: readonly string[] = ["127.0.0.1", "::1"],
  timeoutMs = 3000,
): Promise<Readiness> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const exit = proc.exit();
    if (exit) return { state: "exited", exit };
    for (const host of hosts) {
      if (await opens(host, proc.port, 250)) {
        // A refusal could still be racing the accept; report the exit if it won.
        const late = proc.exit();
        return late ? { state: "exited", exit: late } : { state: "listening", host };
      }
    }
    await Promise.race([proc.exited, sleep(40)]);
  }
  const exit = proc.exit();
  return exit ? { state: "exited", exit } : { state: "timeout" };
}

interface ProcEntry {
  readonly pid: number;
  readonly ppid: number;
  readonly pgrp: number;
  readonly state: string;
  /** Clock ticks since boot; with the pid it names one process even after pid reuse. */
  readonly start: string;
}

function procEntry(pid: number): ProcEntry | undefined {
  const stat = readOr(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // The command name (field 2) may hold spaces and parentheses; fields 3.. follow the last ")".
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { pid, state: f[0]!, ppid: Number(f[1]), pgrp: Number(f[2]), start: f[19]! };
}

function processTable(): ProcEntry[] {
  const out: ProcEntry[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const e = procEntry(Number(entry));
    if (e) out.push(e);
  }
  return out;
}

/**
 * Adds to `known` the listener, its process group, and every descendant of a
 * known process. Session children call setsid(), so they leave the group;
 * only the parent links find them, and only while their parent lives.
 */
function collectFamily(root: number, known: Map<number, string>): void {
  const table = processTable();
  const self = table.find((e) => e.pid === root);
  if (self && !known.has(root)) known.set(root, self.start);
  for (const e of table) if (e.pgrp === root && !known.has(e.pid)) known.set(e.pid, e.start);
  for (let grew = true; grew; ) {
    grew = false;
    for (const e of table) {
      if (!known.has(e.pid) && known.has(e.ppid)) {
        known.set(e.pid, e.start);
        grew = true;
      }
    }
  }
}

/** Known processes still running (same pid and start time, not a zombie). */
function stillRunning(known: ReadonlyMap<number, string>): number[] {
  return [...known].filter(([pid, start]) => {
    const e = procEntry(pid);
    return e !== undefined && e.start === start && e.state !== "Z";
  }).map(([pid]) => pid);
}

function signal(pids: readonly number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // ESRCH: it exited meanwhile.
    }
  }
}

/**
 * Stops the listener and every session process it forked: TERM, then KILL,
 * each with a bounded wait (about 3 s in all). Throws if anything survives.
 */
export async function stopVsftpd(proc: VsftpdProcess): Promise<void> {
  const known = new Map<number, string>();
  for (const [sig, waitMs] of [
    ["SIGTERM", 1500],
    ["SIGKILL", 1500],
  ] as const) {
    collectFamily(proc.pid, known);
    const running = stillRunning(known);
    if (running.length === 0 && proc.exit()) break;
    // Children first, so none is orphaned between a snapshot and the parent's death.
    signal(running.filter((p) => p !== proc.pid), sig);
    signal([proc.pid], sig);
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      collectFamily(proc.pid, known);
      if (stillRunning(known).length === 0 && proc.exit()) break;
      await sleep(25);
    }
  }
  live.delete(proc);
  const dir = ownedDirs.get(proc);
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  ownedDirs.delete(proc);
  const left = stillRunning(known);
  if (left.length > 0 || !proc.exit()) {
    throw new Error(`vsftpd ${proc.pid}: processes survived SIGKILL: ${[...new Set([proc.pid, ...left])].join(", ")}`);
  }
}

/** Stops everything this module started and has not stopped yet; for afterAll. */
export async function stopAllVsftpd(): Promise<void> {
  await Promise.all([...live].map((p) => stopVsftpd(p)));
}
