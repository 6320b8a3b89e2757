/**
 * One connection to a server through the system `ssh` client, so the
 * user's own ssh config decides everything it decides for `ssh HOST`:
 * keys, agent, jump hosts, known_hosts and host-key checking (ftpctl never
 * turns that off). ftpctl adds only BatchMode=yes (nothing ever waits for a
 * password or a yes/no) and one multiplexed master connection: a
 * ControlMaster whose socket lives in a private 0700 temporary directory,
 * so each command is a new session on the same authenticated connection.
 *
 * The master is closed (`ssh -O exit`) when the session is closed, when the
 * process exits, and on SIGINT/SIGTERM when no command handles those
 * itself (apply and doctor do, and close it when they are done).
 */
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { FtpctlError, UsageError } from "../core/errors.js";

/** Where `--ssh` says to go. Unset parts come from the user's ssh config. */
export interface SshTarget {
  readonly user?: string;
  readonly host: string;
  readonly port?: number;
}

/** The server could not be reached, refused the login, or showed the wrong host key: one line, exit 2. */
export class SshError extends FtpctlError {
  override readonly exitCode = 2;
}

const CONTROL = /[\0-\x1f\x7f\s]/;

/** `[user@]host[:port]`, with `[v6addr]:port` for IPv6 addresses. */
export function parseSshTarget(text: string): SshTarget {
  const bad = (why: string) => new UsageError(`--ssh ${JSON.stringify(text)}: ${why}; give [user@]host[:port]`);
  if (text === "") throw bad("empty");
  if (CONTROL.test(text)) throw bad("it holds a space or a control character");
  const at = text.lastIndexOf("@");
  const user = at >= 0 ? text.slice(0, at) : undefined;
  let rest = at >= 0 ? text.slice(at + 1) : text;
  if (user !== undefined && (user === "" || user.startsWith("-"))) throw bad("no user name before '@'");
  let port: number | undefined;
  let host: string;
  const v6 = /^\[([^\]]+)\](?::(.*))?$/.exec(rest);
  if (v6) {
    host = v6[1]!;
    if (v6[2] !== undefined) rest = `:${v6[2]}`;
    else rest = "";
  } else if ((rest.match(/:/g) ?? []).length === 1) {
    host = rest.slice(0, rest.indexOf(":"));
    rest = rest.slice(rest.indexOf(":"));
  } else {
    // No colon, or a bare IPv6 address (which cannot carry a port without brackets).
    host = rest;
    rest = "";
  }
  if (rest !== "") {
    const p = rest.slice(1);
    if (!/^[0-9]{1,5}$/.test(p) || Number(p) < 1 || Number(p) > 65535) throw bad(`'${p}' is not a port (1-65535)`);
    port = Number(p);
  }
  if (host === "") throw bad("no host");
  if (host.startsWith("-")) throw bad("a host cannot start with '-'");
  return { ...(user !== undefined ? { user } : {}), host, ...(port !== undefined ? { port } : {}) };
}

export function formatTarget(t: SshTarget): string {
  const host = t.host.includes(":") ? `[${t.host}]` : t.host;
  return `${t.user !== undefined ? `${t.user}@` : ""}${host}${t.port !== undefined ? `:${t.port}` : ""}`;
}

/** The flags that name the target, ending with the destination itself. */
function destination(t: SshTarget): string[] {
  return [...(t.user !== undefined ? ["-l", t.user] : []), ...(t.port !== undefined ? ["-p", String(t.port)] : []), "--", t.host];
}

/** What went wrong, in one line, from what ssh printed when it could not connect. */
export function connectionProblem(stderr: string, target: SshTarget): string {
  const where = formatTarget(target);
  const lines = stderr.split("\n").map((l) => l.trim()).filter(Boolean);
  const has = (re: RegExp) => lines.some((l) => re.test(l));
  if (has(/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed|host key for .* has changed|No .* host key is known/i)) {
    return `ssh ${where}: host key verification failed: the server's key is not the one your known_hosts holds for it (or there is none); check the key, then fix known_hosts (ssh-keygen -R HOST, or ssh HOST once by hand)`;
  }
  if (has(/Permission denied|Too many authentication failures/i)) return `ssh ${where}: the server refused the login (permission denied): check the user and that your key is in its authorized_keys`;
  if (has(/Could not resolve hostname/i)) return `ssh ${where}: cannot resolve the host name`;
  if (has(/Connection refused/i)) return `ssh ${where}: connection refused: no ssh server listens there`;
  if (has(/timed out/i)) return `ssh ${where}: connection timed out`;
  if (has(/No route to host|Network is unreachable/i)) return `ssh ${where}: the host is unreachable`;
  const last = lines.filter((l) => !/^(debug|Warning: Permanently added)/.test(l)).at(-1);
  return `ssh ${where}: cannot connect${last ? `: ${last.replace(/[\0-\x1f\x7f]/g, "?").slice(0, 300)}` : ""}`;
}

export interface SshRunOptions {
  readonly input?: string | Uint8Array;
  /** Kills the local client after this long; the remote side has its own `timeout`. */
  readonly timeoutMs?: number;
}

export interface SshResult {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  readonly timedOut: boolean;
}

/** Output larger than this is a runaway command, not an answer. */
const MAX_OUTPUT = 64 * 2 ** 20;
/** How long the first connection may take, authentication included. */
const CONNECT_TIMEOUT_S = 20;

export interface SshOpenOptions {
  /** The ssh client; the system's by default. */
  readonly ssh?: string;
}

export class SshSession {
  private closed = false;
  private readonly onExit = () => this.close();
  private readonly onSignal = (sig: NodeJS.Signals) => {
    // Others (apply, doctor) handle the signal and close the session when they have finished; alone, end as the signal would.
    if (process.listenerCount(sig) > 1) return;
    this.close();
    process.kill(process.pid, sig);
  };

  private constructor(
    readonly target: SshTarget,
    private readonly ssh: string,
    private readonly dir: string,
  ) {}

  private get control(): string {
    return join(this.dir, "control");
  }

  /** Connects (the master) or throws SshError with the reason in one line. */
  static async open(target: SshTarget, o: SshOpenOptions = {}): Promise<SshSession> {
    const dir = mkdtempSync(join(tmpdir(), "ftpctl-ssh-"));
    const s = new SshSession(target, o.ssh ?? "ssh", dir);
    process.once("exit", s.onExit);
    process.on("SIGINT", s.onSignal);
    process.on("SIGTERM", s.onSignal);
    try {
      await s.connect();
    } catch (err) {
      s.close();
      throw err;
    }
    return s;
  }

  private async connect(): Promise<void> {
    const log = join(this.dir, "master.log");
    // A file, not a pipe, for the master's stderr: with -f it lives on in the background and would hold a pipe open.
    const fd = openSync(log, "w", 0o600);
    let r;
    try {
      r = await execa(
        this.ssh,
        ["-M", "-S", this.control, "-f", "-N", "-o", "BatchMode=yes", "-o", "ControlPersist=no", "-o", `ConnectTimeout=${CONNECT_TIMEOUT_S}`, ...destination(this.target)],
        { reject: false, stdin: "ignore", stdout: "ignore", stderr: fd as unknown as "ignore", detached: true, timeout: (CONNECT_TIMEOUT_S + 40) * 1000 },
      );
    } finally {
      closeSync(fd);
    }
    if (r.exitCode === 0) return;
    const text = readFileSync(log, "utf8");
    if (r.exitCode === undefined && /ENOENT/.test(String(r.originalMessage ?? r.message))) throw new SshError(`--ssh needs the ssh client (${this.ssh}), which is not installed`);
    throw new SshError(r.timedOut ? `ssh ${formatTarget(this.target)}: connection timed out` : connectionProblem(text, this.target));
  }

  /** Runs one remote command line (already quoted for the remote shell) on the shared connection. */
  async run(command: string, o: SshRunOptions = {}): Promise<SshResult> {
    if (this.closed) throw new FtpctlError("internal: the ssh session is closed");
    const r = await execa(this.ssh, ["-S", this.control, "-o", "ControlMaster=no", "-o", "BatchMode=yes", "-T", ...destination(this.target), command], {
      reject: false,
      encoding: "buffer",
      stripFinalNewline: false,
      // Its own process group: Ctrl-C reaches ftpctl, which stops between steps, not the command in the middle of one.
      detached: true,
      maxBuffer: MAX_OUTPUT,
      ...(o.input !== undefined ? { input: typeof o.input === "string" ? o.input : Buffer.from(o.input) } : { stdin: "ignore" as const }),
      ...(o.timeoutMs !== undefined ? { timeout: o.timeoutMs } : {}),
    });
    const stdout = Buffer.from((r.stdout as Uint8Array | undefined) ?? new Uint8Array());
    const stderr = Buffer.from((r.stderr as Uint8Array | undefined) ?? new Uint8Array());
    if (r.exitCode === undefined && !r.timedOut) throw new SshError(`ssh ${formatTarget(this.target)}: ${String(r.originalMessage ?? r.shortMessage ?? "the ssh client failed")}`);
    // 255 is ssh's own failure; a command may exit 255 too, so the master decides which it was.
    if (r.exitCode === 255 && !this.alive()) throw new SshError(`ssh ${formatTarget(this.target)}: lost the connection (${stderr.toString("utf8").trim().split("\n").at(-1) ?? "no reason given"})`);
    return { code: r.exitCode ?? 128 + 15, stdout, stderr, timedOut: Boolean(r.timedOut) };
  }

  /**
   * Starts a command that runs for as long as this process keeps its
   * standard input open (a lock's holder on the server); resolves with the
   * first line it prints. `release` closes its input, which ends it; so
   * does a lost connection.
   */
  async hold(command: string, timeoutMs = 30_000): Promise<{ readonly line: string; release(): void }> {
    if (this.closed) throw new FtpctlError("internal: the ssh session is closed");
    const child = execa(this.ssh, ["-S", this.control, "-o", "ControlMaster=no", "-o", "BatchMode=yes", "-T", ...destination(this.target), command], {
      reject: false,
      stdin: "pipe",
      stderr: "ignore",
      detached: true,
      buffer: false,
    });
    const release = () => {
      child.stdin?.end();
    };
    const line = await new Promise<string>((resolve) => {
      let text = "";
      const timer = setTimeout(() => resolve(""), timeoutMs);
      child.stdout?.on("data", (chunk: Buffer) => {
        text += chunk.toString("utf8");
        if (text.includes("\n")) {
          clearTimeout(timer);
          resolve(text.slice(0, text.indexOf("\n")));
        }
      });
      void child.then(() => {
        clearTimeout(timer);
        resolve(text.split("\n")[0] ?? "");
      });
    });
    return { line, release };
  }

  /** Whether the master connection is still up. */
  alive(): boolean {
    if (this.closed) return false;
    const r = spawnSync(this.ssh, ["-S", this.control, "-O", "check", ...destination(this.target)], { stdio: "ignore", timeout: 10_000 });
    return r.status === 0;
  }

  /** The address ssh connects to, after the user's config (`HostName`): what FTP clients reach too. */
  hostname(): string {
    const r = spawnSync(this.ssh, ["-G", ...destination(this.target)], { encoding: "utf8", timeout: 10_000 });
    const m = /^hostname (\S+)$/m.exec(r.stdout ?? "");
    return m?.[1] ?? this.target.host;
  }

  /** Closes the master and removes the private directory; safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    process.off("exit", this.onExit);
    process.off("SIGINT", this.onSignal);
    process.off("SIGTERM", this.onSignal);
    spawnSync(this.ssh, ["-S", this.control, "-O", "exit", ...destination(this.target)], { stdio: "ignore", timeout: 10_000 });
    rmSync(this.dir, { recursive: true, force: true });
  }
}
