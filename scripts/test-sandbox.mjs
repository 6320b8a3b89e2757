#!/usr/bin/env node
/**
 * Runs vitest so that the suite cannot change this machine: `npm test` ends
 * here, and so may a developer who wants one file (`node
 * scripts/test-sandbox.mjs test/provision/users.test.ts`). With `--run CMD
 * ARGS...` it runs CMD in a fresh sandbox instead (`--run bash` for a shell).
 *
 * As root, vitest runs in a private mount namespace (`unshare --mount
 * --propagation private`) where each directory in test-sandbox.json's
 * "overlay" is covered by an overlayfs whose upper layer is a tmpfs: tests
 * may create accounts, PAM files, homes and logs, and all of it vanishes
 * with the namespace. Directories in "emptied" get an empty tmpfs. Nothing
 * mounted here propagates to the host. Started inside a sandbox, it builds a
 * new one on top (overlays stack), so a test can prove the sandbox works. /tmp and the container cache
 * (/var/cache/ftpctl-test) stay the real ones: tests clean their own temp
 * directories, and the cache must outlive the run.
 *
 * Not root, vitest runs as it is; tests that need root or the sandbox skip
 * with the reason (or fail, in CI). test/helpers/sandbox.ts is the other
 * half: it checks the mounts, not just an environment variable.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { constants } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const VITEST = join(REPO, "node_modules/vitest/vitest.mjs");
const PATHS = JSON.parse(readFileSync(new URL("./test-sandbox.json", import.meta.url), "utf8"));
/** The variable test/helpers/sandbox.ts reads: the tmpfs holding every upper layer. */
const ENV = "FTPCTL_TEST_SANDBOX";
const INSIDE = "--inside";
const RUN = "--run";
/** The inside process's exit code when it could not build the sandbox (vitest never exits so). */
const NO_SANDBOX = 222;

const say = (line) => process.stderr.write(`test-sandbox: ${line}\n`);

/** Runs argv with the terminal; resolves to its exit code (128+n for a signal). Ctrl-C reaches the child itself. */
function run(argv, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: "inherit", env });
    const forward = (sig) => child.kill(sig);
    process.on("SIGINT", () => {}); // the terminal sends it to the child too; outlive it to clean up
    process.on("SIGTERM", forward);
    child.on("error", (e) => {
      say(`cannot run ${argv[0]}: ${e.message}`);
      resolve(127);
    });
    child.on("exit", (code, signal) => resolve(code ?? 128 + (constants.signals[signal] ?? 15)));
  });
}

/** `--run CMD ARGS...`, or vitest with these arguments. */
const command = (args) => (args[0] === RUN ? args.slice(1) : [process.execPath, VITEST, "run", ...args]);

/** Mount points and their options from /proc/self/mountinfo, in mount order. */
function mounts() {
  const unescape = (s) => s.replace(/\\([0-7]{3})/g, (_, o) => String.fromCharCode(parseInt(o, 8)));
  return readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [left, right = ""] = line.split(" - ");
      const f = left.split(" ");
      return { point: unescape(f[4]), fstype: right.split(" ")[0] };
    });
}

function mount(args) {
  execFileSync("mount", args, { stdio: ["ignore", "ignore", "pipe"] });
}

/** A real directory (not a link to one) that exists: the only kind worth covering. */
function isDir(p) {
  try {
    return lstatSync(p).isDirectory() && realpathSync(p) === p;
  } catch {
    return false;
  }
}

/**
 * Inside the new namespace: a tmpfs at `base` for the upper layers, then
 * the overlays. An overlay shows the directory's own contents, not what is
 * mounted below it (Docker's /etc/hosts and /etc/resolv.conf), so those
 * mounts are bound aside first and put back on top.
 */
function build(base) {
  mount(["-t", "tmpfs", "-o", "mode=0700", "ftpctl-sandbox", base]);
  let n = 0;
  for (const dir of PATHS.overlay) {
    if (!isDir(dir)) continue;
    const slot = join(base, String(n++));
    const [upper, work, kept] = ["upper", "work", "kept"].map((d) => join(slot, d));
    for (const d of [upper, work, kept]) mkdirSync(d, { recursive: true });
    // Only the outermost submounts: --rbind carries whatever is mounted below them.
    const subs = [...new Set(mounts().map((m) => m.point).filter((p) => p.startsWith(`${dir}/`)))];
    const outer = subs.filter((p) => !subs.some((q) => q !== p && p.startsWith(`${q}/`)));
    const aside = outer.map((p, i) => {
      const to = join(kept, String(i));
      if (lstatSync(p).isDirectory()) mkdirSync(to);
      else closeSync(openSync(to, "w"));
      mount(["--rbind", p, to]);
      return { p, to };
    });
    mount(["-t", "overlay", "ftpctl-sandbox", "-o", `lowerdir=${dir},upperdir=${upper},workdir=${work}`, dir]);
    for (const { p, to } of aside) mount(["--rbind", to, p]);
  }
  for (const dir of PATHS.emptied) {
    if (isDir(dir)) mount(["-t", "tmpfs", "-o", "mode=0755", "ftpctl-sandbox", dir]);
  }
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === INSIDE) {
    const base = args[1];
    try {
      build(base);
    } catch (e) {
      const why = String(e.stderr ?? "").trim() || e.message;
      say(`cannot build the sandbox: ${why.split("\n")[0]}`);
      process.exit(NO_SANDBOX);
    }
    process.exit(await run(command(args.slice(2)), { ...process.env, [ENV]: base }));
  }
  if (args[0] === RUN && args.length < 2) {
    say("usage: node scripts/test-sandbox.mjs [--run CMD [ARGS...] | VITEST-ARGS...]");
    process.exit(2);
  }
  if (process.platform !== "linux" || process.getuid?.() !== 0) {
    if (args[0] === RUN) {
      say("--run needs root (a mount namespace and overlays)");
      process.exit(1);
    }
    say("not root: tests that need root or the sandbox are skipped, each with its reason");
    process.exit(await run(command(args)));
  }
  const UNSHARE = ["unshare", "--mount", "--propagation", "private", "--"];
  const probe = spawnSync(UNSHARE[0], [...UNSHARE.slice(1), "true"], { encoding: "utf8" });
  if (probe.status !== 0) {
    say(`cannot build the sandbox: ${(probe.stderr || probe.error?.message || "unshare failed").trim()}`);
    if (args[0] === RUN) process.exit(1);
    say("running without the sandbox: tests that need it are skipped, each with its reason");
    process.exit(await run(command(args)));
  }
  // The mount point is an empty directory on the host; the tmpfs on it exists only inside.
  const base = mkdtempSync("/tmp/ftpctl-sandbox-");
  let code = 1;
  try {
    code = await run([...UNSHARE, process.execPath, SELF, INSIDE, base, ...args]);
  } finally {
    if (existsSync(base)) rmSync(base, { recursive: true, force: true });
  }
  if (code === NO_SANDBOX && args[0] !== RUN) {
    // A container without CAP_SYS_ADMIN, say: the tests that change the system skip (CI: fail), the rest run.
    say("running without the sandbox: tests that need it are skipped, each with its reason");
    code = await run(command(args));
  }
  process.exit(code);
}

await main();
