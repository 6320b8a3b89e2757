/**
 * Host state the fixtures refer to by fixed path. Fixtures are static files,
 * so anything they need on the machine (TLS material, an anonymous root,
 * per-user config files) is made here before the run and removed after.
 * Each path below is named in the header comment of the fixtures using it.
 */
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { execa } from "execa";

export const STATE_DIR = "/tmp/ftpctl-fidelity";
const LOCK_DIR = "/tmp/ftpctl-fidelity.lock";

export const PATHS = {
  /** A self-signed certificate as a real deployment has one: a year long, with subjectAltName. */
  cert: `${STATE_DIR}/cert.pem`,
  key: `${STATE_DIR}/key.pem`,
  /** Valid for one day and without subjectAltName; vsftpd serves with it all the same. */
  shortCert: `${STATE_DIR}/short-cert.pem`,
  shortKey: `${STATE_DIR}/short-key.pem`,
  /** Certificate and key in one file, for rsa_cert_file alone. */
  combined: `${STATE_DIR}/combined.pem`,
  /** Root-owned 0755 directory with one file: a valid anon_root. */
  anonRoot: `${STATE_DIR}/anon-root`,
  /** Mode 0777: the ftp user can write to it, so vsftpd refuses it as a chroot. */
  anonWritable: `${STATE_DIR}/anon-writable`,
  banner: `${STATE_DIR}/banner.txt`,
  /** Lists the test user. */
  chrootList: `${STATE_DIR}/chroot_list`,
  /** Holds `<test user>` with an unknown option in it. */
  userConfDir: `${STATE_DIR}/user_conf`,
  /** A FIFO nobody reads: a non-blocking open for writing fails with ENXIO. */
  logFifo: `${STATE_DIR}/log.fifo`,
  /** A symlink to itself: stat and open fail with ELOOP. */
  logLoop: `${STATE_DIR}/log.loop`,
  /** Root-owned config copies that vsftpd and the linter read. */
  confDir: `${STATE_DIR}/conf`,
  /** fd 0/1/2 captures per run. */
  runDir: `${STATE_DIR}/runs`,
} as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The state lives at a fixed path and the test user has a fixed name, so two
 * fidelity runs on one machine (two engineers, or a watch run) must take turns.
 */
export async function acquireLock(timeoutMs = 150_000): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      writeFileSync(`${LOCK_DIR}/pid`, String(process.pid));
      return () => rmSync(LOCK_DIR, { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    let owner = NaN;
    try {
      owner = Number(readFileSync(`${LOCK_DIR}/pid`, "utf8"));
    } catch {
      // The owner is between mkdir and writing its pid.
    }
    if (Number.isInteger(owner) && owner > 0 && !alive(owner)) {
      rmSync(LOCK_DIR, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`another fidelity run holds ${LOCK_DIR} (pid ${owner})`);
    await sleep(250);
  }
}

export interface StateOptions {
  readonly testUser: string;
  readonly ftpUid: number;
}

export async function createHostState(opts: StateOptions): Promise<void> {
  rmSync(STATE_DIR, { recursive: true, force: true });
  mkdirSync(STATE_DIR, { mode: 0o755 });
  chmodSync(STATE_DIR, 0o755);
  for (const d of [PATHS.confDir, PATHS.runDir, PATHS.anonRoot, PATHS.anonWritable, PATHS.userConfDir]) mkdirSync(d, { mode: 0o755 });
  // mkdir's mode is filtered by the umask; the writable root must really be writable.
  chmodSync(PATHS.anonWritable, 0o777);
  chownSync(PATHS.anonWritable, opts.ftpUid, 0);
  chmodSync(PATHS.confDir, 0o700);

  const selfSigned = (key: string, cert: string, days: string, ...extra: string[]) =>
    execa("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", days, "-subj", "/CN=localhost", ...extra], {
      stdin: "ignore",
    });
  await Promise.all([
    selfSigned(PATHS.key, PATHS.cert, "365", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"),
    selfSigned(PATHS.shortKey, PATHS.shortCert, "1"),
  ]);
  writeFileSync(PATHS.combined, readFileSync(PATHS.cert, "utf8") + readFileSync(PATHS.key, "utf8"));
  for (const k of [PATHS.key, PATHS.shortKey, PATHS.combined]) chmodSync(k, 0o600);

  await execa("mkfifo", ["-m", "0600", PATHS.logFifo]);
  symlinkSync("log.loop", PATHS.logLoop);
  writeFileSync(`${PATHS.anonRoot}/readme.txt`, "anonymous root for ftpctl's fidelity test\n");
  writeFileSync(PATHS.banner, "Welcome to ftpctl's fidelity test.\n");
  writeFileSync(PATHS.chrootList, `${opts.testUser}\n`);
  // vsftpd reads per-user files as root and requires them to be root-owned; this one is, and is bad.
  writeFileSync(`${PATHS.userConfDir}/${opts.testUser}`, "bogus_option=YES\n", { mode: 0o644 });
}

export function removeHostState(): void {
  if (existsSync(STATE_DIR)) rmSync(STATE_DIR, { recursive: true, force: true });
}
