/**
 * `--ssh [user@]host[:port]` for a command: the connection is opened before
 * the command's work and closed after it, whatever happens (an error, a
 * signal the command handles); SshSession closes it on exit otherwise.
 */
import { UsageError } from "../core/errors.js";
import { SshExecutor } from "./ssh-executor.js";
import { formatTarget, parseSshTarget, SshSession } from "./ssh.js";

export interface Remote {
  readonly exec: SshExecutor;
  readonly session: SshSession;
  /** The server's address after the user's ssh config: where FTP clients (verify) connect. */
  readonly address: string;
  /** `user@host:port` as given, for messages and the apply lock's key. */
  readonly name: string;
}

/** Runs `fn` with the server `--ssh` names, or with undefined when there is no --ssh. */
export async function withSsh<T>(ssh: string | undefined, fn: (remote: Remote | undefined) => Promise<T>): Promise<T> {
  if (ssh === undefined) return fn(undefined);
  const target = parseSshTarget(ssh);
  const session = await SshSession.open(target, process.env["FTPCTL_SSH"] !== undefined ? { ssh: process.env["FTPCTL_SSH"] } : {});
  try {
    return await fn({ exec: new SshExecutor(session), session, address: session.hostname(), name: formatTarget(target) });
  } finally {
    session.close();
  }
}

/** --root is a staging tree on this machine; with --ssh there is no such tree on the server. */
export function refuseRootWithSsh(root: string | undefined, ssh: string | undefined): void {
  if (root !== undefined && ssh !== undefined) throw new UsageError("--root and --ssh do not go together: --root stages files on this machine, --ssh changes the server itself");
}
