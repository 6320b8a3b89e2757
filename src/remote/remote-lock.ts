/**
 * The apply lock on the server itself, for `apply --ssh`: the very lock an
 * `ftpctl apply` run on the server takes (provision/lock.ts: a file in
 * root's 0700 /run/ftpctl holding the owner's pid, linked into place), so
 * a run over ssh and a run on the server, or runs from two operators'
 * machines, never interleave their steps.
 *
 * The pid in it is a holder process on the server that lives exactly as
 * long as this connection: `cat` reading a session's standard input, which
 * ends when ftpctl releases the lock or the connection is lost. A lock
 * whose holder is gone is stale, and the next run takes it over, as with a
 * local lock whose process died.
 */
import { LockDirError, LockedError, lockPath, ROOT_LOCK_DIR } from "../provision/lock.js";
import type { Executor } from "../provision/executor.js";
import { shellCommand } from "./quote.js";
import type { SshSession } from "./ssh.js";

/** Prints its pid, then lives until its standard input ends. */
const HOLDER = "echo $$; exec cat >/dev/null";

/**
 * $1 the directory, $2 the lock, $3 the holder's pid. Prints TAKEN,
 * BUSY <pid>, or NODIR/NOLOCK <reason>.
 */
const TAKE = `d=$1; l=$2; pid=$3
[ -d "$d" ] || mkdir -m 700 -- "$d" 2>/dev/null || { echo "NODIR cannot create $d"; exit 0; }
if [ -L "$d" ] || [ ! -d "$d" ]; then echo "NODIR $d is not a directory"; exit 0; fi
case $(stat -c '%u %A' -- "$d") in
  "$(id -u) d"????-??-?) ;;
  *) echo "NODIR $d belongs to someone else or can be written by others"; exit 0;;
esac
t="$l.$pid.tmp"
rm -f -- "$t"
(umask 077; printf '%s\\n' "$pid" >"$t") || { echo "NOLOCK cannot write $t"; exit 0; }
for i in 1 2 3; do
  if ln -- "$t" "$l" 2>/dev/null; then rm -f -- "$t"; echo TAKEN; exit 0; fi
  o=
  if [ -f "$l" ] && [ ! -L "$l" ]; then o=$(head -c 32 -- "$l" 2>/dev/null); fi
  case $o in
    [1-9]*) if kill -0 "$o" 2>/dev/null; then rm -f -- "$t"; echo "BUSY $o"; exit 0; fi;;
  esac
  rm -f -- "$l"
done
rm -f -- "$t"
echo "NOLOCK could not take $l"
`;

/** Removes the lock when it still names our holder. */
const RELEASE = `l=$1; pid=$2
if [ -f "$l" ] && [ ! -L "$l" ] && [ "$(head -c 32 -- "$l")" = "$pid" ]; then rm -f -- "$l"; fi
`;

/** Takes the server's apply lock or throws LockedError naming the run that holds it; returns the release function. */
export async function takeServerApplyLock(exec: Executor, session: SshSession, dir = ROOT_LOCK_DIR): Promise<() => Promise<void>> {
  const holder = await session.hold(shellCommand(["sh", "-c", HOLDER]));
  const pid = holder.line.trim();
  if (!/^[1-9][0-9]*$/.test(pid)) {
    holder.release();
    throw new LockDirError("cannot take the apply lock on the server: its lock holder did not start");
  }
  const path = lockPath(undefined, dir);
  const r = await exec.probe(["sh", "-c", TAKE, "sh", dir, path, pid]);
  const answer = r.stdout.trim();
  if (answer === "TAKEN") {
    return async () => {
      await exec.probe(["sh", "-c", RELEASE, "sh", path, pid]).catch(() => undefined);
      holder.release();
    };
  }
  holder.release();
  const busy = /^BUSY (\d+)$/.exec(answer);
  if (busy) throw new LockedError(`another ftpctl apply is running on the server (pid ${busy[1]} there); wait for it to finish (lock: ${path})`);
  throw new LockDirError(`cannot take the apply lock on the server: ${answer.replace(/^(NODIR|NOLOCK) /, "") || r.stderr.trim() || `exit ${r.code}`}`);
}
