/**
 * Network namespaces for firewall tests: a server and a client namespace
 * joined by a veth pair, private addresses that exist only inside them, an
 * Executor whose commands run in the server namespace, and a snapshot of the
 * host's own rules to prove the tests never touched them.
 *
 * `ip netns exec NS CMD` execs CMD in the namespace (no extra process), so a
 * pid it starts with is the command's own. The mount namespace is the host's,
 * so files are read and written in place.
 */
import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import type { CommandResult, Executor, FileStat, RunOptions, WriteOptions } from "../../src/provision/executor.js";
import { LocalExecutor } from "../../src/provision/local-executor.js";
import type { Exit, VsftpdProcess } from "./vsftpd.js";

export const IP = "/usr/sbin/ip";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function inNetns(ns: string, argv: readonly string[]): string[] {
  return [IP, "netns", "exec", ns, ...argv];
}

/** Runs argv in a namespace; never throws on a non-zero exit. */
export async function netnsRun(ns: string, argv: readonly string[], opts: { timeoutMs?: number; input?: string } = {}) {
  const [file, ...args] = inNetns(ns, argv);
  const r = await execa(file!, args, {
    reject: false,
    stripFinalNewline: false,
    ...(opts.input !== undefined ? { input: opts.input } : { stdin: "ignore" as const }),
    timeout: opts.timeoutMs ?? 20_000,
    env: { LC_ALL: "C" },
  });
  return { code: r.exitCode ?? -1, stdout: String(r.stdout ?? ""), stderr: String(r.stderr ?? ""), timedOut: r.timedOut };
}

async function ip(args: readonly string[]): Promise<void> {
  const r = await execa(IP, args, { reject: false, stdin: "ignore" });
  if (r.exitCode !== 0) throw new Error(`ip ${args.join(" ")} failed (exit ${r.exitCode}): ${r.stderr}`);
}

/**
 * An Executor that runs every command inside a namespace through a prefix
 * (`ip netns exec NS`, `nsenter -t PID -n`) and does everything else
 * through the inner executor.
 */
export class PrefixedExecutor implements Executor {
  constructor(
    private readonly inner: Executor,
    private readonly prefix: readonly string[],
  ) {}

  probe(argv: readonly string[], opts?: RunOptions): Promise<CommandResult> {
    return this.inner.probe([...this.prefix, ...argv], opts);
  }
  run(argv: readonly string[], opts?: RunOptions): Promise<CommandResult> {
    return this.inner.run([...this.prefix, ...argv], opts);
  }
  which(program: string): Promise<string | undefined> {
    return this.inner.which(program);
  }
  readFile(path: string): Promise<Buffer | undefined> {
    return this.inner.readFile(path);
  }
  stat(path: string): Promise<FileStat | undefined> {
    return this.inner.stat(path);
  }
  writeFile(path: string, data: string | Uint8Array, opts: WriteOptions): Promise<void> {
    return this.inner.writeFile(path, data, opts);
  }
  mkdir(path: string, opts: WriteOptions): Promise<void> {
    return this.inner.mkdir(path, opts);
  }
  chmod(path: string, mode: number): Promise<void> {
    return this.inner.chmod(path, mode);
  }
  chown(path: string, uid: number, gid: number): Promise<void> {
    return this.inner.chown(path, uid, gid);
  }
  rename(from: string, to: string): Promise<void> {
    return this.inner.rename(from, to);
  }
  remove(path: string): Promise<void> {
    return this.inner.remove(path);
  }
}

/** ftpctl's own local executor, with every command run in namespace `ns`. */
export function netnsExecutor(ns: string): Executor {
  return new PrefixedExecutor(new LocalExecutor(), [IP, "netns", "exec", ns]);
}

let counter = 0;

/** Namespace names unique to this process and call: "ftpctl-fw-<pid>-<n>-<role>". */
export function uniqueName(prefix: string): string {
  return `ftpctl-${prefix}-${process.pid}-${++counter}`;
}

export async function createNamespace(name: string): Promise<void> {
  await ip(["netns", "add", name]);
  await ip(["-n", name, "link", "set", "lo", "up"]);
}

/** Deletes a namespace if it exists; never throws (for afterAll). */
export async function deleteNamespace(name: string): Promise<void> {
  await execa(IP, ["netns", "delete", name], { reject: false, stdin: "ignore" });
}

export interface NetnsPair {
  readonly srv: string;
  readonly cli: string;
  readonly srvAddr: string;
  readonly cliAddr: string;
  readonly srvAddr6: string;
  readonly cliAddr6: string;
}

/**
 * Two namespaces and a veth pair between them. The interfaces are created
 * directly inside the namespaces, so no name or address ever exists on the
 * host. The /30 and the ULA /64 are random per call.
 */
export async function createPair(prefix: string): Promise<NetnsPair> {
  const base = uniqueName(prefix);
  const srv = `${base}-srv`;
  const cli = `${base}-cli`;
  await createNamespace(srv);
  await createNamespace(cli);
  const r = () => Math.floor(Math.random() * 250) + 1;
  const net = `10.${r()}.${r()}.${4 * Math.floor(Math.random() * 60)}`;
  const [a, b, c, d] = net.split(".").map(Number) as [number, number, number, number];
  const srvAddr = `${a}.${b}.${c}.${d + 1}`;
  const cliAddr = `${a}.${b}.${c}.${d + 2}`;
  const ula = `fd${r().toString(16).padStart(2, "0")}:${r().toString(16)}:${r().toString(16)}::`;
  await ip(["link", "add", "ftpctl-s", "netns", srv, "type", "veth", "peer", "name", "ftpctl-c", "netns", cli]);
  for (const [ns, dev, v4, v6] of [
    [srv, "ftpctl-s", srvAddr, `${ula}1`],
    [cli, "ftpctl-c", cliAddr, `${ula}2`],
  ] as const) {
    await ip(["-n", ns, "addr", "add", `${v4}/30`, "dev", dev]);
    await ip(["-n", ns, "addr", "add", `${v6}/64`, "dev", dev, "nodad"]);
    await ip(["-n", ns, "link", "set", dev, "up"]);
  }
  return { srv, cli, srvAddr, cliAddr, srvAddr6: `${ula}1`, cliAddr6: `${ula}2` };
}

/**
 * A server namespace that drops every new inbound connection: INPUT policy
 * DROP for both families, with only loopback accepted, and nothing else.
 */
export async function dropInbound(ns: string): Promise<void> {
  for (const bin of ["iptables", "ip6tables"]) {
    for (const args of [["-A", "INPUT", "-i", "lo", "-j", "ACCEPT"], ["-P", "INPUT", "DROP"]]) {
      const r = await netnsRun(ns, [bin, "-w", "5", ...args]);
      if (r.code !== 0) throw new Error(`${bin} ${args.join(" ")} in ${ns} failed: ${r.stderr}`);
    }
  }
}

/** `iptables -S` of a namespace, for comparing rule sets exactly. */
export async function rulesIn(ns: string, bin: "iptables" | "ip6tables" = "iptables"): Promise<string> {
  const r = await netnsRun(ns, [bin, "-w", "5", "-S"]);
  if (r.code !== 0) throw new Error(`${bin} -S in ${ns} failed: ${r.stderr}`);
  return r.stdout;
}

/**
 * The host's iptables and ip6tables rules, without what changes on its own:
 * the "# Generated ... on <date>" lines and packet counters.
 */
export async function hostRules(): Promise<string> {
  const out: string[] = [];
  for (const bin of ["iptables-save", "ip6tables-save"]) {
    const r = await execa(bin, [], { reject: false, stdin: "ignore" });
    out.push(`## ${bin} (exit ${r.exitCode})`);
    for (const line of String(r.stdout).split("\n")) {
      if (line.startsWith("#")) continue;
      out.push(line.replace(/\[\d+:\d+\]/g, "[counters]"));
    }
  }
  return out.join("\n");
}

/**
 * Starts `/usr/sbin/vsftpd CONF` inside a namespace, its fd 0 captured to a
 * file in `captureDir` (vsftpd writes its refusals there), a directory the
 * caller removes. The returned process works with stopVsftpd from
 * ./vsftpd.js, which kills it and its sessions by pid.
 */
export function startVsftpdIn(ns: string, conf: string, port: number, captureDir: string): VsftpdProcess {
  const dir = mkdtempSync(join(captureDir, "vsftpd-"));
  const paths = { fd0: join(dir, "fd0.txt"), out: join(dir, "stdout.txt"), err: join(dir, "stderr.txt") };
  const fds = [openSync(paths.fd0, "w+"), openSync(paths.out, "w"), openSync(paths.err, "w")] as const;
  const argv = inNetns(ns, ["/usr/sbin/vsftpd", conf]);
  const child = spawn(argv[0]!, argv.slice(1), { stdio: [...fds], env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin" } });
  for (const fd of fds) closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start vsftpd in ${ns}`);
  let exit: Exit | undefined;
  const exited = new Promise<Exit>((resolve) => {
    child.once("exit", (code, signal) => resolve((exit = { code, signal })));
    child.once("error", () => resolve((exit = { code: null, signal: null })));
  });
  const read = (p: string) => {
    try {
      return readFileSync(p, "utf8");
    } catch {
      return "";
    }
  };
  return {
    pid: child.pid,
    port,
    argv,
    exited,
    exit: () => exit,
    oops: () => read(paths.fd0),
    stdout: () => read(paths.out),
    stderr: () => read(paths.err),
  };
}

/** Waits (bounded) until something in `ns` listens on TCP `port`, or the process exits. */
export async function waitForListenIn(ns: string, port: number, proc: VsftpdProcess, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exit()) return false;
    const r = await netnsRun(ns, ["ss", "-Hltn", `sport = :${port}`]);
    if (r.stdout.trim() !== "") return true;
    await sleep(50);
  }
  return false;
}
