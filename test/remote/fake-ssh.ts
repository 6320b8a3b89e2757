/**
 * A stand-in for the ssh client, for tests of what ftpctl sends: it logs
 * every argv it is given (one JSON line each) and runs the remote command
 * line with /bin/sh -c on this machine, as sshd hands it to the login
 * shell. The master (-M -f) and the control commands (-O) succeed at once;
 * a destination named "badkey", "denied" or "refused" fails to connect
 * with what the real client prints in that case. With FAKE_SSH_SLOW=N,
 * each command first waits N seconds, leaving its pid in slow.pid. The real client against a
 * real sshd is test/container/ssh.test.ts.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface FakeSsh {
  readonly path: string;
  /** Every argv the client was called with. */
  calls(): string[][];
  /** The pid of the client that last waited (FAKE_SSH_SLOW). */
  slowPid(): number | undefined;
  cleanup(): void;
}

const SCRIPT = `#!/usr/bin/python3
import json, os, sys
log = os.environ.get("FAKE_SSH_LOG") or os.path.join(os.path.dirname(sys.argv[0]), "calls.jsonl")
with open(log, "a") as f:
    f.write(json.dumps(sys.argv[1:]) + "\\n")
args = sys.argv[1:]
dest = args[args.index("--") + 1]
rest = args[args.index("--") + 2:]
errors = {
    "badkey": "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\\nHost key verification failed.\\n",
    "denied": "root@denied: Permission denied (publickey).\\n",
    "refused": "ssh: connect to host refused port 22: Connection refused\\n",
}
if dest in errors:
    sys.stderr.write(errors[dest])
    sys.exit(255)
if "-O" in args or "-M" in args:
    sys.exit(0)
if "-G" in args:
    print("hostname " + dest)
    sys.exit(0)
slow = os.environ.get("FAKE_SSH_SLOW")
if slow:
    # A command that takes long on the server: the test stops this client by the pid it leaves.
    with open(os.path.join(os.path.dirname(sys.argv[0]), "slow.pid"), "w") as f:
        f.write(str(os.getpid()))
    import time
    time.sleep(float(slow))
os.execv("/bin/sh", ["sh", "-c", rest[-1]])
`;

export function fakeSsh(): FakeSsh {
  const dir = mkdtempSync(join(tmpdir(), "ftpctl-fake-ssh-"));
  const path = join(dir, "ssh");
  writeFileSync(path, SCRIPT);
  chmodSync(path, 0o755);
  return {
    path,
    calls: () => {
      try {
        return readFileSync(join(dir, "calls.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as string[]);
      } catch {
        return [];
      }
    },
    slowPid: () => {
      try {
        return Number(readFileSync(join(dir, "slow.pid"), "utf8"));
      } catch {
        return undefined;
      }
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
