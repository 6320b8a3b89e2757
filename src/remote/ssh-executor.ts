/**
 * The Executor for a server reached over ssh (`--ssh`): the same reads and
 * changes as LocalExecutor, each one a command on the shared connection
 * (remote/ssh.ts). Nothing is installed on the server: commands are the
 * same argv apply runs locally, and file work is done by POSIX sh scripts
 * with coreutils (stat, head, mktemp, chmod, chown, mv), every word quoted
 * for the remote shell (remote/quote.ts) and every path passed as a
 * positional argument, never spliced into a script.
 *
 * Secrets and file contents travel on the command's standard input, never
 * on a remote command line (which any user of the server can see in ps).
 * Writes are atomic as locally: a temporary file in the target directory,
 * private (mktemp makes it 0600), given its owner and mode before the first
 * byte is written, then renamed over the target; links and anything but a
 * regular file are refused. Reads are bounded (`head -c`) and never open
 * anything but a regular file, so a FIFO cannot hang a plan. A command's
 * time limit is enforced on the server too (coreutils `timeout`), so a
 * daemon started in the foreground is stopped there, not just abandoned.
 */
import { FtpctlError } from "../core/errors.js";
import type { CommandResult, Executor, FileStat, RunOptions, WriteOptions } from "../provision/executor.js";
import { shellCommand } from "./quote.js";
import type { SshSession } from "./ssh.js";

/** The usual root PATH, as LocalExecutor looks programs up. */
const SEARCH_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
/** The largest file read, as LocalExecutor's cap. */
export const READ_CAP = 16 * 2 ** 20;
/** Extra time the local client waits beyond a command's own limit, which the server enforces. */
const GRACE_MS = 15_000;
/** Exit status the file scripts use for "refused, the reason is on stderr". */
const REFUSED = 3;
/** Exit status the read script uses for "no such file". */
const MISSING = 4;

/** The last thing a coreutils tool said, without its name and the path: "Permission denied" → "permission denied". */
export function toolReason(stderr: string): string {
  const line = stderr.split("\n").map((l) => l.trim()).filter(Boolean).at(-1) ?? "";
  const tail = line.includes(": ") ? line.slice(line.lastIndexOf(": ") + 2) : line;
  const reason = tail.charAt(0).toLowerCase() + tail.slice(1);
  if (/^permission denied$/.test(reason) || /^operation not permitted$/.test(reason)) return `${reason} (log in as root)`;
  return reason.replace(/[\0-\x1f\x7f]/g, "?") || "failed";
}

const isMissing = (stderr: string) => /No such file or directory|Not a directory/.test(stderr);

const FILE_TYPES: Readonly<Record<number, { type: FileStat["type"]; kind?: string }>> = {
  0o100000: { type: "file" },
  0o040000: { type: "dir" },
  0o120000: { type: "link" },
  0o010000: { type: "other", kind: "a named pipe (FIFO)" },
  0o020000: { type: "other", kind: "a character device" },
  0o060000: { type: "other", kind: "a block device" },
  0o140000: { type: "other", kind: "a socket" },
};

/** `stat -c '%f %u %g %s'` output (raw mode in hex), as a FileStat. */
export function parseStat(line: string): FileStat {
  const [modeHex, uid, gid, size] = line.trim().split(" ");
  const raw = parseInt(modeHex ?? "", 16);
  if (!Number.isFinite(raw) || uid === undefined || gid === undefined || size === undefined) throw new FtpctlError(`internal: unexpected stat output '${line.trim()}'`);
  const t = FILE_TYPES[raw & 0o170000] ?? { type: "other" as const, kind: "not a regular file" };
  return { type: t.type, mode: raw & 0o7777, uid: Number(uid), gid: Number(gid), size: Number(size), ...(t.kind !== undefined ? { kind: t.kind } : {}) };
}

const SCRIPT_HEAD = `fail() { printf '%s\\n' "$1" >&2; exit ${REFUSED}; }
`;

/** Reads $1 when it is a regular file, at most $2 bytes. */
const READ = `${SCRIPT_HEAD}p=$1
if [ -d "$p" ]; then fail "is a directory"; fi
if [ ! -e "$p" ]; then
  e=$(stat -L -c %f -- "$p" 2>&1 >/dev/null)
  case $e in *"No such file"*|*"Not a directory"*|"") exit ${MISSING};; esac
  fail "$e"
fi
if [ ! -f "$p" ]; then fail "not a regular file"; fi
exec head -c "$2" -- "$p"
`;

/** $1 path, $2 mode (octal), $3 uid, $4 gid; the contents on stdin. */
const WRITE = `${SCRIPT_HEAD}p=$1
if [ -L "$p" ]; then fail "it is a symbolic link, and ftpctl does not change files through links"; fi
if [ -e "$p" ] && [ ! -f "$p" ]; then fail "not a regular file; refusing to replace it"; fi
d=$(dirname -- "$p"; echo x); d=\${d%??}
if [ ! -d "$d" ]; then fail "no such directory: $d"; fi
t=$(mktemp -- "$d/.ftpctl-XXXXXXXX" 2>&1; echo x)
t=\${t%??}
case $t in "$d"/.ftpctl-*) ;; *) fail "cannot create a file in $d: $t";; esac
trap 'rm -f -- "$t"' EXIT
chown -- "$3:$4" "$t" || fail "cannot give it to owner $3:$4 (changing an owner needs root)"
chmod -- "$2" "$t" || fail "cannot set mode $2"
cat >"$t" || fail "cannot write the new contents (is the disk full?)"
sync -- "$t" 2>/dev/null || :
mv -fT -- "$t" "$p" || fail "cannot rename the new file into place"
trap - EXIT
`;

/** $1 path, $2 mode, $3 uid, $4 gid. Owner-only until it has its owner and mode. */
const MKDIR = `${SCRIPT_HEAD}p=$1
if [ -e "$p" ] || [ -L "$p" ]; then fail "it already exists"; fi
mkdir -m 700 -- "$p" || exit 1
chown -- "$3:$4" "$p" || { rmdir -- "$p"; fail "cannot give it to owner $3:$4 (changing an owner needs root)"; }
chmod -- "$2" "$p" || { rmdir -- "$p"; fail "chmod: cannot set mode $2"; }
`;

/** $1 path, then the tool and its arguments with the path last: chmod and chown, never through a link or on a special file. */
const CHANGE = `${SCRIPT_HEAD}p=$1; shift
if [ -L "$p" ]; then fail "it is a symbolic link, and ftpctl does not change files through links"; fi
if [ ! -e "$p" ]; then fail "no such file or directory"; fi
if [ ! -f "$p" ] && [ ! -d "$p" ]; then fail "not a regular file or directory; not changed"; fi
exec "$@" "$p"
`;

/** A file, a link (not its target) or an empty directory; never a tree. */
const REMOVE = `p=$1
if [ -d "$p" ] && [ ! -L "$p" ]; then exec rmdir -- "$p"; fi
if [ -e "$p" ] || [ -L "$p" ]; then exec rm -f -- "$p"; fi
`;

/** $1 the program; prints where it is on the search path. */
const WHICH = `case $1 in */*) [ -x "$1" ] && [ ! -d "$1" ] && printf '%s\\n' "$1"; exit 0;; esac
IFS=:; for d in $2; do if [ -x "$d/$1" ] && [ ! -d "$d/$1" ]; then printf '%s\\n' "$d/$1"; exit 0; fi; done
`;

/**
 * Runs "$@" with fd 0 a read-write temporary file (vsftpd prints its
 * startup refusals there), then prints the byte count of its stdout on one
 * line, its stdout, and what it wrote to fd 0.
 */
const CAPTURE_FD0 = `f=$(mktemp) || exit 125
o=$(mktemp) || { rm -f -- "$f"; exit 125; }
"$@" 0<>"$f" >"$o"
c=$?
wc -c <"$o"; cat -- "$o" "$f"
rm -f -- "$f" "$o"
exit $c
`;

export class SshExecutor implements Executor {
  readonly root = undefined;

  constructor(readonly session: SshSession) {}

  /** The argv as the server runs it: C locale, root's PATH, the caller's environment, and the time limit enforced there. */
  private wrap(argv: readonly string[], opts: RunOptions): string[] {
    if (!argv.length) throw new FtpctlError("internal: empty command");
    const env = Object.entries(opts.env ?? {}).map(([k, v]) => `${k}=${v}`);
    const limit = opts.timeoutMs !== undefined ? ["timeout", "-k", "5", `${Math.max(1, Math.ceil(opts.timeoutMs / 1000))}`] : [];
    return ["env", "LC_ALL=C", `PATH=${SEARCH_PATH}`, ...env, ...limit, ...argv];
  }

  private async exec(argv: readonly string[], opts: RunOptions): Promise<CommandResult> {
    const wrapped = this.wrap(argv, opts);
    const localLimit = opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs + GRACE_MS } : {};
    if (opts.captureFd0) {
      const r = await this.session.run(shellCommand(["sh", "-c", CAPTURE_FD0, "sh", ...wrapped]), localLimit);
      const nl = r.stdout.indexOf(0x0a);
      const n = nl > 0 ? Number(r.stdout.subarray(0, nl).toString("latin1").trim()) : 0;
      const body = nl > 0 ? r.stdout.subarray(nl + 1) : Buffer.alloc(0);
      return { ...this.result(argv, r.code, body.subarray(0, n), r.stderr, r.timedOut, opts), fd0: body.subarray(n).toString("utf8") };
    }
    const r = await this.session.run(shellCommand(wrapped), { ...localLimit, ...(opts.input !== undefined ? { input: opts.input } : {}) });
    return this.result(argv, r.code, r.stdout, r.stderr, r.timedOut, opts);
  }

  private result(argv: readonly string[], code: number, stdout: Buffer, stderr: Buffer, timedOut: boolean, opts: RunOptions): CommandResult {
    // timeout(1) exits 124 when the limit ran out (137 after its -k kill); env exits 127 when the program is missing.
    const expired = timedOut || (opts.timeoutMs !== undefined && (code === 124 || code === 137));
    const missing = code === 127 && /env: .*No such file or directory/.test(stderr.toString("utf8"));
    return {
      code: missing ? 127 : code,
      stdout: stdout.toString("utf8"),
      stderr: missing ? `${argv[0]}: command not found` : stderr.toString("utf8"),
      ...(expired ? { timedOut: true } : {}),
    };
  }

  /** Runs a POSIX sh script on the server with positional arguments. */
  private script(text: string, args: readonly string[], input?: string | Uint8Array) {
    return this.session.run(shellCommand(["env", "LC_ALL=C", `PATH=${SEARCH_PATH}`, "sh", "-c", text, "sh", ...args]), input !== undefined ? { input } : {});
  }

  probe(argv: readonly string[], opts: RunOptions = {}): Promise<CommandResult> {
    return this.exec(argv, opts);
  }

  run(argv: readonly string[], opts: RunOptions = {}): Promise<CommandResult> {
    return this.exec(argv, opts);
  }

  async which(program: string): Promise<string | undefined> {
    const r = await this.script(WHICH, [program, SEARCH_PATH]);
    const found = r.stdout.toString("utf8").replace(/\n$/, "");
    return r.code === 0 && found !== "" ? found : undefined;
  }

  async readFile(path: string): Promise<Buffer | undefined> {
    const r = await this.script(READ, [path, String(READ_CAP + 1)]);
    if (r.code === MISSING) return undefined;
    if (r.code !== 0) throw new FtpctlError(`${path}: cannot read: ${toolReason(r.stderr.toString("utf8"))}`);
    if (r.stdout.length > READ_CAP) throw new FtpctlError(`${path}: cannot read: larger than ${READ_CAP / 2 ** 20} MiB`);
    return r.stdout;
  }

  /** The entry itself: a link in the last component is reported as "link", never followed. */
  async stat(path: string): Promise<FileStat | undefined> {
    const r = await this.script('exec stat -c "%f %u %g %s" -- "$1"', [path]);
    if (r.code === 0) return parseStat(r.stdout.toString("utf8"));
    const err = r.stderr.toString("utf8");
    if (isMissing(err)) return undefined;
    throw new FtpctlError(`${path}: cannot stat: ${toolReason(err)}`);
  }

  async realpath(path: string): Promise<string> {
    const r = await this.script('exec realpath -m -z -- "$1"', [path]);
    if (r.code !== 0) throw new FtpctlError(`${path}: cannot resolve: ${toolReason(r.stderr.toString("utf8"))}`);
    return r.stdout.toString("utf8").replace(/\0$/, "");
  }

  async writeFile(path: string, data: string | Uint8Array, opts: WriteOptions): Promise<void> {
    const r = await this.script(WRITE, [path, octal(opts.mode), String(opts.uid ?? 0), String(opts.gid ?? 0)], typeof data === "string" ? Buffer.from(data) : data);
    if (r.code !== 0) throw new FtpctlError(`${path}: cannot write: ${this.reason(r)}`);
  }

  async mkdir(path: string, opts: WriteOptions): Promise<void> {
    const r = await this.script(MKDIR, [path, octal(opts.mode), String(opts.uid ?? 0), String(opts.gid ?? 0)]);
    if (r.code !== 0) throw new FtpctlError(`${path}: cannot create directory: ${this.reason(r)}`);
  }

  async chmod(path: string, mode: number): Promise<void> {
    const r = await this.script(CHANGE, [path, "chmod", "--", octal(mode)]);
    if (r.code !== 0) throw new FtpctlError(`${path}: cannot chmod: ${this.reason(r)}`);
  }

  async chown(path: string, uid: number, gid: number): Promise<void> {
    const r = await this.script(CHANGE, [path, "chown", "-h", "--", `${uid}:${gid}`]);
    if (r.code !== 0) throw new FtpctlError(`${path}: cannot chown: ${this.reason(r)}`);
  }

  /** rename(2): mv -T never moves into a directory, and moves a link itself. */
  async rename(from: string, to: string): Promise<void> {
    const r = await this.script('exec mv -fT -- "$1" "$2"', [from, to]);
    if (r.code !== 0) throw new FtpctlError(`${from}: cannot rename to ${to}: ${this.reason(r)}`);
  }

  async remove(path: string): Promise<void> {
    const r = await this.script(REMOVE, [path]);
    if (r.code !== 0 && !isMissing(r.stderr.toString("utf8"))) throw new FtpctlError(`${path}: cannot remove: ${this.reason(r)}`);
  }

  private reason(r: { code: number; stderr: Buffer }): string {
    const text = r.stderr.toString("utf8");
    if (r.code === REFUSED) return (text.trim().split("\n").at(-1) ?? "refused").replace(/[\0-\x1f\x7f]/g, "?");
    return toolReason(text);
  }
}

/** Five digits: GNU chmod keeps a directory's set-id bits for a shorter numeric mode. */
const octal = (mode: number) => `0${(mode & 0o7777).toString(8).padStart(4, "0")}`;
