/**
 * Starts the embedded server for a test: a vsftpd.conf text read through the
 * same interpreter lint uses, a temporary tree as the root, loopback and
 * port 0 only. `stop` closes the server and removes the tree.
 */
import { chmodSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configFromBytes } from "../../src/server/config.js";
import { readTlsFiles } from "../../src/server/tls-files.js";
import { serverOptions, type LocalUser, type ServerOverrides } from "../../src/server/options.js";
import { startServer, type RunningServer } from "../../src/server/server.js";
import type { ServerEvent } from "../../src/server/events.js";

export interface Harness {
  readonly server: RunningServer;
  readonly root: string;
  readonly events: ServerEvent[];
  stop(): Promise<void>;
}

function removeTree(base: string, root: string): void {
  try {
    chmodSync(root, 0o700);
  } catch {
    // Never made.
  }
  rmSync(base, { recursive: true, force: true });
}

export async function serve(conf: string, opts: { users?: LocalUser[]; prepare?: (root: string) => void; userlist?: string[]; chrootList?: string[]; overrides?: ServerOverrides } = {}): Promise<Harness> {
  const base = realpathSync(mkdtempSync(join(tmpdir(), "ftpctl-server-")));
  const root = join(base, "root");
  const { mkdirSync } = await import("node:fs");
  const events: ServerEvent[] = [];
  let server: RunningServer;
  try {
    mkdirSync(root);
    opts.prepare?.(root);
    const cfg = configFromBytes("test.conf", Buffer.from(conf), "debian");
    // As `ftpctl serve` does: rsa_cert_file and rsa_private_key_file are read when ssl_enable is on.
    const files = opts.overrides?.cert === undefined ? readTlsFiles(cfg.get, {}) : undefined;
    const pem = files ? { cert: files.cert, ...(files.key ? { key: files.key } : {}) } : {};
    const o = serverOptions(cfg.get, { address: "127.0.0.1", port: 0, root, users: opts.users ?? [], ...(opts.userlist ? { userlistNames: opts.userlist } : {}), ...(opts.chrootList ? { chrootListNames: opts.chrootList } : {}), ...pem, ...opts.overrides });
    // vsftpd refuses an anonymous root its session user can write; run as an ordinary user, that user is this process.
    if (o.anonymousEnable && process.geteuid?.() !== 0) chmodSync(root, 0o555);
    server = await startServer({ ...o, onEvent: (e) => events.push(e) });
  } catch (err) {
    removeTree(base, root);
    throw err;
  }
  return {
    server,
    root,
    events,
    async stop() {
      await server.close();
      removeTree(base, root);
    },
  };
}

/** Anonymous, read-only, the quickest settings for tests (no login delay). */
export const ANON_READ_ONLY = "anonymous_enable=YES\nlocal_enable=NO\nwrite_enable=NO\ndelay_failed_login=0\n";
/** A local user who may write, jailed in the root. */
export const LOCAL_WRITE = "anonymous_enable=NO\nlocal_enable=YES\nwrite_enable=YES\nchroot_local_user=YES\nallow_writeable_chroot=YES\nlocal_umask=022\ndelay_failed_login=0\n";
