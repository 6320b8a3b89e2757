/**
 * HostFacts for a server reached through an Executor (`lint --host --ssh`,
 * `doctor --ssh`), so host rules judge the remote machine, not this one.
 *
 * Rules ask their questions synchronously and one at a time, and a round
 * trip to the server per question would make a lint slow. So the rules run
 * against what is known so far; every question not yet answered is noted
 * (and given a provisional answer), all of them are asked on the server in
 * one script, and the rules run again, until a run asks nothing new. Rules
 * are pure, so running them again is safe; later questions depend on
 * earlier answers (a user's home after /etc/passwd), which is why it takes
 * a few rounds. The script uses only sh and coreutils (stat, head, base64,
 * readlink, realpath) plus getent; every read is bounded, only regular files
 * are opened, and /etc/shadow yields only the names of locked accounts (no
 * hash ever leaves the server).
 */
import { posix } from "node:path";
import { FtpctlError } from "../core/errors.js";
import { mountFor, parseMountinfo, predictAppendOpen, type Mount, type NodeType, type OpenPrimitives, type Probe } from "../host/append-open.js";
import type { FileInfo, HostFacts, Lookup, PasswdEntry, Read } from "../host/facts.js";
import { groupIdsOf, parseGroups, parsePasswd, parseShells } from "../host/local-facts.js";
import type { Executor } from "../provision/executor.js";

/** As local-facts.ts: a CA bundle is the largest file host rules read. */
const TEXT_MAX = 8 << 20;
/** Rounds before giving up: each one follows one more link in a chain of questions. */
const MAX_ROUNDS = 12;

type Kind = "L" | "F" | "R" | "K" | "P" | "W" | "O" | "H" | "S";

/** One answer line: `S hex uid gid major minor`, `D base64`, `N dir|other`, `E ERRNO` or `OK`. */
type Answer = { kind: "S"; raw: number; uid: number; gid: number; major: number; minor: number } | { kind: "D"; data: Buffer } | { kind: "N"; type: "dir" | "other" } | { kind: "E"; code: string } | { kind: "OK" };

/**
 * Each query is a kind and an argument, given as positional parameters; each
 * answer is one line, so no path ever has to be framed in the output.
 */
const SCRIPT = `errno() { case $1 in *"No such file"*) echo ENOENT;; *"Not a directory"*) echo ENOTDIR;; *"Permission denied"*) echo EACCES;; *"Too many levels"*) echo ELOOP;; *) echo EIO;; esac; }
st() { if s=$(stat $1 -c '%f %u %g %t %T' -- "$2" 2>&1); then echo "S $s"; else echo "E $(errno "$s")"; fi; }
b64() { printf 'D '; base64 -w0; echo; }
while [ $# -ge 2 ]; do
  k=$1; p=$2; shift 2
  case $k in
    L) st "" "$p";;
    F) st -L "$p";;
    R) if [ -d "$p" ]; then echo "N dir"
       elif [ ! -e "$p" ]; then st -L "$p"
       elif [ ! -f "$p" ]; then echo "N other"
       elif [ ! -r "$p" ]; then echo "E EACCES"
       else head -c ${TEXT_MAX + 1} -- "$p" | b64; fi;;
    K) if t=$(readlink -- "$p"; echo x); [ "$t" != x ]; then printf '%s' "\${t%??}" | b64; else echo "E EINVAL"; fi;;
    P) if t=$(realpath -z -- "$p" 2>/dev/null | base64 -w0); [ -n "$t" ]; then echo "D $t"; else echo "E ENOENT"; fi;;
    W) if [ -w "$p" ] && [ -x "$p" ]; then echo OK; else echo "E EACCES"; fi;;
    O) if [ -p "$p" ]; then echo "E ENXIO"; elif [ -w "$p" ]; then echo OK; else echo "E EACCES"; fi;;
    H) timeout 5 getent ahostsv4 -- "$p" >/dev/null 2>&1; c=$?; if [ $c = 0 ]; then echo OK; elif [ $c = 2 ]; then echo "E ENOENT"; else echo "E EIO"; fi;;
    S) if [ -r /etc/shadow ]; then while IFS=: read -r n pw rest; do case $pw in '!'*|'*'*) printf '%s\\n' "$n";; esac; done </etc/shadow | b64; else echo "E EACCES"; fi;;
    *) echo "E EINVAL";;
  esac
done
`;

function parseAnswer(line: string): Answer {
  const [kind, ...f] = line.split(" ");
  if (kind === "S" && f.length === 5) return { kind, raw: parseInt(f[0]!, 16), uid: Number(f[1]), gid: Number(f[2]), major: parseInt(f[3]!, 16), minor: parseInt(f[4]!, 16) };
  if (kind === "D") return { kind, data: Buffer.from(f[0] ?? "", "base64") };
  if (kind === "N") return { kind, type: f[0] === "dir" ? "dir" : "other" };
  if (kind === "OK") return { kind };
  return { kind: "E", code: f[0] ?? "EIO" };
}

function nodeType(raw: number): NodeType {
  switch (raw & 0o170000) {
    case 0o100000:
      return "file";
    case 0o040000:
      return "dir";
    case 0o120000:
      return "link";
    case 0o010000:
      return "fifo";
    case 0o140000:
      return "socket";
    case 0o020000:
      return "char";
    case 0o060000:
      return "block";
    default:
      return "other";
  }
}

const MISSING = new Set(["ENOENT", "ENOTDIR"]);

/** The answers so far, and the questions still open. */
class Store {
  readonly answers = new Map<string, Answer>();
  readonly pending = new Map<string, [Kind, string]>();

  ask(kind: Kind, arg: string): Answer | undefined {
    const key = `${kind}\0${arg}`;
    const a = this.answers.get(key);
    if (a === undefined) this.pending.set(key, [kind, arg]);
    return a;
  }

  async fetch(exec: Executor): Promise<void> {
    const queries = [...this.pending.values()];
    this.pending.clear();
    const r = await exec.probe(["sh", "-c", SCRIPT, "sh", ...queries.flat()]);
    const lines = r.stdout.split("\n");
    if (r.code !== 0 || lines.length < queries.length) throw new FtpctlError(`cannot read the server's files for the host checks: ${r.stderr.trim().split("\n").at(-1) ?? `exit ${r.code}`}`);
    queries.forEach(([kind, arg], i) => this.answers.set(`${kind}\0${arg}`, parseAnswer(lines[i]!)));
  }
}

function lookupOf(a: Answer | undefined): Lookup {
  if (a === undefined) return { state: "missing" };
  if (a.kind === "S") {
    const t = nodeType(a.raw);
    const info: FileInfo = { type: t === "file" ? "file" : t === "dir" ? "dir" : "other", uid: a.uid, gid: a.gid, mode: a.raw & 0o7777 };
    return { state: "found", info };
  }
  if (a.kind === "E" && !MISSING.has(a.code)) return { state: "error", code: a.code };
  return { state: "missing" };
}

function readOf(a: Answer | undefined): Read {
  if (a === undefined) return { state: "missing" };
  if (a.kind === "D") return a.data.length > TEXT_MAX ? { state: "error", code: "EFBIG" } : { state: "found", text: a.data.toString("utf8") };
  if (a.kind === "N") return { state: "notFile", type: a.type };
  if (a.kind === "E" && !MISSING.has(a.code)) return { state: "error", code: a.code };
  return { state: "missing" };
}

/** IPv4 addresses of this machine's interfaces, from /proc/net/fib_trie's local host routes. */
export function fibTrieLocal(text: string): string[] {
  const out = new Set<string>();
  let last: string | undefined;
  for (const line of text.split("\n")) {
    const leaf = /\|--\s+(\d+\.\d+\.\d+\.\d+)/.exec(line);
    if (leaf) last = leaf[1];
    else if (/\/32 host LOCAL/.test(line) && last !== undefined) out.add(last);
  }
  return [...out];
}

/** IPv6 addresses from /proc/net/if_inet6 (32 hex digits each), in the usual compressed form. */
export function ifInet6(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    const hex = /^([0-9a-f]{32})\s/.exec(line)?.[1];
    if (!hex) continue;
    const groups = hex.match(/.{4}/g)!.map((g) => parseInt(g, 16).toString(16));
    out.push(compress(groups));
  }
  return out;
}

function compress(groups: string[]): string {
  let best = -1;
  let len = 0;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== "0") {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === "0") j++;
    if (j - i > len && j - i > 1) [best, len] = [i, j - i];
    i = j;
  }
  if (best < 0) return groups.join(":");
  return `${groups.slice(0, best).join(":")}::${groups.slice(best + len).join(":")}`;
}

/** The facts view over the store: answers what is known, notes the rest. */
function view(store: Store, ids: { euid: number; now: Date }): HostFacts {
  const text = (path: string) => {
    const r = readOf(store.ask("R", path));
    return r.state === "found" ? r.text : undefined;
  };
  const users = (): PasswdEntry[] => parsePasswd(text("/etc/passwd") ?? "");
  const daemonUid = 0;
  const asDaemon = ids.euid === daemonUid;
  const probe = (path: string, follow: boolean): Probe => {
    const a = store.ask(follow ? "F" : "L", path);
    if (a === undefined) return { state: "missing" };
    if (a.kind === "S") return { state: "found", type: nodeType(a.raw), major: a.major, minor: a.minor };
    if (a.kind === "E" && !MISSING.has(a.code)) return { state: "error", code: a.code };
    return { state: "missing" };
  };
  const primitives: OpenPrimitives = {
    asDaemon,
    probe,
    readlink(path) {
      const a = store.ask("K", path);
      return a?.kind === "D" ? a.data.toString("utf8") : undefined;
    },
    mountOf(dir) {
      const mounts: Mount[] = parseMountinfo(text("/proc/self/mountinfo") ?? "");
      const real = store.ask("P", dir);
      return real?.kind === "D" ? mountFor(mounts, real.data.toString("utf8").replace(/\0$/, "")) : undefined;
    },
    openExisting(path) {
      const a = store.ask("O", path);
      return a === undefined || a.kind === "OK" ? null : a.kind === "E" ? a.code : null;
    },
    dirWritable(dir) {
      if (!asDaemon) return null;
      const a = store.ask("W", dir);
      return a === undefined || a.kind === "OK" ? null : a.kind === "E" ? a.code : null;
    },
  };
  return {
    lookup: (path) => lookupOf(store.ask("F", path)),
    lookupLink: (path) => lookupOf(store.ask("L", path)),
    read: (path) => readOf(store.ask("R", path)),
    readText: text,
    appendOpen: (path) => predictAppendOpen(primitives, posix.normalize(path)),
    users,
    user: (name) => users().find((u) => u.name === name),
    groupsOf: (user) => groupIdsOf(user, parseGroups(text("/etc/group") ?? "")),
    shells: () => parseShells(text("/etc/shells") ?? ""),
    daemonUid,
    asDaemon,
    passwordLocked(name) {
      const a = store.ask("S", "-");
      return a?.kind === "D" && a.data.toString("utf8").split("\n").includes(name);
    },
    localAddresses: () => [...fibTrieLocal(text("/proc/net/fib_trie") ?? ""), ...ifInet6(text("/proc/net/if_inet6") ?? "")],
    resolves(name) {
      const a = store.ask("H", name);
      return a === undefined ? undefined : a.kind === "OK" ? true : a.kind === "E" && a.code === "ENOENT" ? false : undefined;
    },
    now: () => ids.now,
  };
}

/**
 * Facts about the server behind `exec`, complete for `consume`: it is run
 * until it asks nothing the server has not answered, and the facts it saw
 * last are returned (questions asked of them later get provisional answers).
 */
export async function remoteHostFacts(exec: Executor, consume: (facts: HostFacts) => void | Promise<void>): Promise<HostFacts> {
  const who = await exec.probe(["sh", "-c", "id -u; date +%s"]);
  const [euid, epoch] = who.stdout.trim().split("\n").map(Number);
  if (who.code !== 0 || !Number.isInteger(euid) || !Number.isFinite(epoch)) throw new FtpctlError(`cannot ask the server who it runs commands as: ${who.stderr.trim() || `exit ${who.code}`}`);
  const ids = { euid: euid!, now: new Date(epoch! * 1000) };
  const store = new Store();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const facts = view(store, ids);
    await consume(facts);
    if (!store.pending.size) return facts;
    await store.fetch(exec);
  }
  return view(store, ids);
}
