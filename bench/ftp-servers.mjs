// The three FTP servers the serve benchmarks compare, each serving the same
// tree on 127.0.0.1, anonymous sessions only (no system users are created):
//
//   embedded   `node bin/ftpctl.js serve CONF --port N --root TREE`, a child
//              process like the others (so its memory and CPU are its own)
//   vsftpd     the real /usr/sbin/vsftpd on the same vsftpd.conf (needs root)
//   pyftpdlib  Debian's python3-pyftpdlib under /usr/bin/python3, set up to
//              match (anonymous read, uploads into upload/, same passive range)
//
// The tree: a root-owned, non-writable root (vsftpd refuses a writable
// anonymous root) holding the files to download, and upload/, writable by
// everyone, where anonymous uploads go (anon_upload_enable). None of the
// three writes a log: vsftpd has xferlog_enable=NO, pyftpdlib logs warnings
// only, and the embedded server's event lines go to /dev/null.
//
// Servers are stopped by PID; vsftpd's session processes (one or two per
// connection, which outlive the listener) are found through /proc.
import { execFileSync, spawn } from "node:child_process";
import { closeSync, chmodSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import { connect, createServer } from "node:net";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { bin, fail } from "./lib.mjs";

export const VSFTPD = "/usr/sbin/vsftpd";
export const PYTHON = "/usr/bin/python3";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Whether this process may start vsftpd (it must run as root). */
export const canRunVsftpd = () => process.getuid?.() === 0;

/** A free TCP port on 127.0.0.1 (the kernel's pick, released again). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * The served tree under `dir`: tree/ (mode 0755, the anonymous root),
 * tree/upload/ (0777), and `files` ({ name: size in bytes }) of random bytes.
 */
export function makeTree(dir, files) {
  chmodSync(dir, 0o755);
  const tree = join(dir, "tree");
  mkdirSync(join(tree, "upload"), { recursive: true });
  chmodSync(tree, 0o755);
  chmodSync(join(tree, "upload"), 0o777);
  const block = randomBytes(1024 * 1024);
  for (const [name, size] of Object.entries(files)) {
    const fd = openSync(join(tree, name), "w", 0o644);
    for (let left = size; left > 0; left -= block.length) writeSync(fd, block, 0, Math.min(left, block.length));
    closeSync(fd);
  }
  return tree;
}

/** A self-signed certificate and key (mode 0600) made by openssl, for the TLS benchmark. */
export function makeCertificate(dir) {
  const cert = join(dir, "cert.pem");
  const key = join(dir, "key.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1"], { stdio: "ignore" });
  chmodSync(key, 0o600);
  return { cert, key };
}

/**
 * The vsftpd.conf both vsftpd and the embedded server read. max_clients and
 * max_per_ip are off (vsftpd's built-in 2000/50 would refuse the idle
 * benchmark's 500 sessions from one address). With `tls`: anonymous sessions
 * over TLS, forced for login and data, require_ssl_reuse at its default (YES).
 */
export function vsftpdConf({ tree, pasv, tls }) {
  const lines = [
    "listen=YES",
    "listen_ipv6=NO",
    "listen_address=127.0.0.1",
    "background=NO",
    "anonymous_enable=YES",
    "local_enable=NO",
    "write_enable=YES",
    "anon_upload_enable=YES",
    `anon_root=${tree}`,
    `pasv_min_port=${pasv[0]}`,
    `pasv_max_port=${pasv[1]}`,
    "max_clients=0",
    "max_per_ip=0",
    "xferlog_enable=NO",
    "seccomp_sandbox=NO",
    "secure_chroot_dir=/var/run/vsftpd/empty",
  ];
  if (tls) lines.push("ssl_enable=YES", "allow_anon_ssl=YES", "force_anon_logins_ssl=YES", "force_anon_data_ssl=YES", `rsa_cert_file=${tls.cert}`, `rsa_private_key_file=${tls.key}`);
  return `${lines.join("\n")}\n`;
}

/** Waits until something accepts on 127.0.0.1:port, or `exited()` says the process is gone. */
export async function waitForListener(port, exited, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited()) return false;
    const ok = await new Promise((resolve) => {
      const s = connect({ host: "127.0.0.1", port });
      const done = (v) => {
        s.destroy();
        resolve(v);
      };
      s.setTimeout(500, () => done(false));
      s.once("connect", () => done(true));
      s.once("error", () => done(false));
    });
    if (ok) return true;
    await sleep(20);
  }
  return false;
}

function procStat(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { pid, state: f[0], ppid: Number(f[1]) };
  } catch {
    return undefined;
  }
}

/** `root` and every live descendant (vsftpd's session processes call setsid(), so only parent links find them). */
export function processFamily(root) {
  const table = readdirSync("/proc")
    .filter((e) => /^\d+$/.test(e))
    .map((e) => procStat(Number(e)))
    .filter((e) => e && e.state !== "Z");
  const family = new Set(table.some((e) => e.pid === root) ? [root] : []);
  for (let grew = true; grew; ) {
    grew = false;
    for (const e of table) {
      if (!family.has(e.pid) && family.has(e.ppid)) {
        family.add(e.pid);
        grew = true;
      }
    }
  }
  return [...family];
}

/**
 * Memory of processes, summed: RSS (VmRSS, what `ps` shows; pages shared
 * between vsftpd's forked processes count once per process) and PSS (each
 * shared page split among its sharers; the fairer sum for a forking server).
 */
export function memoryOf(pids) {
  let rss = 0;
  let pss = 0;
  for (const pid of pids) {
    try {
      rss += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "latin1"))?.[1] ?? 0) * 1024;
      pss += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "latin1"))?.[1] ?? 0) * 1024;
    } catch {
      // It exited meanwhile.
    }
  }
  return { rss, pss, processes: pids.length };
}

/** CPU time (user + system, ms) the processes have used so far, from /proc/PID/stat. */
export function cpuMsOf(pids) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // It exited meanwhile.
    }
  }
  return ticks * 10;
}

function kill(pids, sig) {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // ESRCH: gone meanwhile.
    }
  }
}

/** SIGTERM to the family (children first), then SIGKILL to whatever is left, each with a bounded wait. */
async function stopFamily(root, exited) {
  for (const sig of ["SIGTERM", "SIGKILL"]) {
    const fam = processFamily(root);
    if (fam.length === 0 && exited()) return;
    kill(fam.filter((p) => p !== root), sig);
    kill([root], sig);
    const deadline = Date.now() + 2000;
    while (Date.now() < deadline) {
      if (processFamily(root).length === 0 && exited()) return;
      await sleep(25);
    }
  }
  const left = processFamily(root);
  if (left.length) throw new Error(`processes survived SIGKILL: ${left.join(", ")}`);
}

const running = new Set();
// A benchmark that fails midway must not leave servers behind.
process.once("exit", () => {
  for (const s of running) kill(processFamily(s.pid), "SIGKILL");
});
for (const sig of ["SIGINT", "SIGTERM"]) process.once(sig, () => process.exit(130));

/** Starts a server process and waits for its listener; `name` labels failures. */
async function launch(name, cmd, argv, { port, stdio, why }) {
  const child = spawn(cmd, argv, { stdio, env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", LANG: "C.UTF-8" } });
  let exit;
  child.once("exit", (code, signal) => (exit = { code, signal }));
  child.once("error", (e) => (exit = { code: null, signal: null, error: e }));
  let stderr = "";
  child.stderr?.on("data", (d) => (stderr = (stderr + d).slice(-4000)));
  const server = {
    name,
    port,
    pid: child.pid,
    /** The server's processes now: the listener and, for vsftpd, its sessions. */
    pids: () => processFamily(child.pid),
    async stop() {
      running.delete(server);
      await stopFamily(child.pid, () => exit !== undefined);
    },
  };
  running.add(server);
  if (!(await waitForListener(port, () => exit !== undefined))) {
    await server.stop().catch(() => {});
    fail(`${name} did not start (${JSON.stringify(exit ?? "no listener")})\n${stderr}${why?.() ?? ""}`);
  }
  return server;
}

/** `ftpctl serve CONF` as a child process; stdout (the event lines) to /dev/null. */
export async function startEmbedded(dir, { conf, tree }) {
  const port = await freePort();
  const file = join(dir, "embedded.conf");
  writeFileSync(file, conf);
  return launch("embedded", process.execPath, [bin, "serve", file, "--port", String(port), "--root", tree], { port, stdio: ["ignore", "ignore", "pipe"] });
}

/** The real vsftpd on CONF; its "500 OOPS" refusals go to fd 0, which is a file read back on failure. */
export async function startVsftpd(dir, { conf, name = "vsftpd", overrides = [] }) {
  const port = await freePort();
  const file = join(dir, `${name.replace(/\W+/g, "-")}.conf`);
  writeFileSync(file, conf, { mode: 0o600 });
  const fd0 = join(dir, `${name.replace(/\W+/g, "-")}-fd0.txt`);
  const fds = [openSync(fd0, "w+"), "ignore", "pipe"];
  const argv = [file, `-olisten_port=${port}`, ...overrides.map((o) => `-o${o}`)];
  const s = await launch(name, VSFTPD, argv, { port, stdio: fds, why: () => readFileSync(fd0, "utf8") });
  closeSync(fds[0]);
  return s;
}

// The pyftpdlib server: the same anonymous rights as the vsftpd.conf above
// (read everywhere, upload into upload/ without overwriting, no delete), the
// same passive range, logging only warnings, and no connection limits.
const PYFTPD = String.raw`
import logging, sys, warnings
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer
port, tree, lo, hi = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
cert = sys.argv[5] if len(sys.argv) > 5 else None
warnings.simplefilter("ignore")
logging.basicConfig(level=logging.WARNING)
auth = DummyAuthorizer()
auth.add_anonymous(tree, perm="elr")
auth.override_perm("anonymous", tree + "/upload", "elrw")
if cert:
    from pyftpdlib.handlers import TLS_FTPHandler as Handler
    Handler.certfile, Handler.keyfile = cert, sys.argv[6]
    Handler.tls_control_required = True
    Handler.tls_data_required = True
else:
    Handler = FTPHandler
Handler.authorizer = auth
Handler.passive_ports = range(lo, hi + 1)
Handler.permit_foreign_addresses = False
server = FTPServer(("127.0.0.1", port), Handler)
server.max_cons = 0
server.max_cons_per_ip = 0
server.serve_forever(handle_exit=True)
`;

/** pyftpdlib under /usr/bin/python3, configured like the vsftpd.conf. */
export async function startPyftpdlib(dir, { tree, pasv, tls }) {
  const port = await freePort();
  const file = join(dir, "pyftpd.py");
  writeFileSync(file, PYFTPD);
  const argv = [file, String(port), tree, String(pasv[0]), String(pasv[1]), ...(tls ? [tls.cert, tls.key] : [])];
  return launch("pyftpdlib", PYTHON, argv, { port, stdio: ["ignore", "ignore", "pipe"] });
}

/** vsftpd without its per-session PID, IPC and network namespaces (README.Debian's advice for containers). */
export const UNISOLATED = "vsftpd isolate=NO";

/**
 * Starts the three servers on `tree`, each with its own passive range, the
 * embedded server and vsftpd on the same vsftpd.conf text. Returns those that
 * started; vsftpd is left out (with a note) when not running as root. With
 * `unisolated`, a second vsftpd runs with isolate=NO and isolate_network=NO:
 * the namespaces vsftpd makes for each session by default dominate its cost
 * of a session, and a deployment may turn them off.
 */
export async function startAll(dir, { tree, tls, only, unisolated = false }) {
  const want = (n) => !only || only.includes(n);
  const servers = [];
  if (want("embedded")) servers.push(await startEmbedded(dir, { tree, conf: vsftpdConf({ tree, pasv: [40000, 40999], tls }) }));
  if (want("vsftpd")) {
    if (canRunVsftpd()) {
      servers.push(await startVsftpd(dir, { conf: vsftpdConf({ tree, pasv: [41000, 41499], tls }) }));
      if (unisolated) servers.push(await startVsftpd(dir, { name: UNISOLATED, conf: vsftpdConf({ tree, pasv: [41500, 41999], tls }), overrides: ["isolate=NO", "isolate_network=NO"] }));
    } else console.log("vsftpd: needs root; left out, so no ratios to it");
  }
  if (want("pyftpdlib")) servers.push(await startPyftpdlib(dir, { tree, pasv: [42000, 42999], tls }));
  return servers;
}

export async function stopAll(servers) {
  for (const s of servers) await s.stop();
}

/** Rows of a table: the first column left-aligned, the others right-aligned. */
export function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ")).join("\n");
}

/** "1.23x" of a to b, or "n/a". */
export const ratio = (a, b) => (a > 0 && b > 0 ? `${(a / b).toFixed(2)}x` : "n/a");

/** The goal line: "goal: embedded >= 0.8x vsftpd: met (0.93x)". */
export function verdict(label, value, goal, higherIsBetter = true) {
  if (!(value > 0)) return `goal ${label}: not measured`;
  const met = higherIsBetter ? value >= goal : value <= goal;
  return `goal ${label}: ${met ? "met" : "NOT met"} (${value.toFixed(2)})`;
}

/** The load before a run, for the report: loadavg and CPU count. */
export function loadLine() {
  const [one, five] = readFileSync("/proc/loadavg", "utf8").split(" ");
  const cpus = readFileSync("/proc/cpuinfo", "utf8").match(/^processor\s*:/gm)?.length ?? "?";
  return `load average ${one} (1 min), ${five} (5 min) on ${cpus} CPUs`;
}
