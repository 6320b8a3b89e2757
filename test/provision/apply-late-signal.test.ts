/**
 * Exit 130/143 means "interrupted and rolled back", whenever the signal
 * comes. A reviewer sent SIGINT 0.2 s into an apply of a small profile and
 * got the success summary ("3 changed, 1 ok, 3 skipped") with exit 130 and
 * every change left in place: the handlers were gone before the process
 * exited, so the signal's default action killed it after the report. Here
 * the signal is sent at many moments across the whole run, from before
 * Node has started to after the report, and every outcome must be one of:
 * killed before anything was locked or changed; 130 with everything rolled
 * back; 0 with the summary of what stays. No lock is ever left behind.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { lockPath } from "../../src/provision/lock.js";
import { BIN, REPO } from "../cli/ftpctl.js";
import { describeWithTools } from "../helpers/require-tool.js";
import { snapshotTree } from "./helpers.js";

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs apply; sends SIGINT after `delayMs`, or `afterMs` after stdout first matches `when`. */
function applyWithSigint(args: readonly string[], at: { delayMs?: number; when?: RegExp; afterMs?: number }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "apply", ...args], { env: { NO_COLOR: "1", PATH: process.env["PATH"] ?? "/usr/bin:/bin" }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let sent = false;
    let armed = false;
    const send = () => {
      if (!sent && child.exitCode === null) child.kill("SIGINT");
      sent = true;
    };
    const timer = at.delayMs !== undefined ? setTimeout(send, at.delayMs) : undefined;
    const deadline = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
      if (at.when && !armed && at.when.test(stdout)) {
        armed = true;
        if (at.afterMs === undefined) send();
        else setTimeout(send, at.afterMs);
      }
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(deadline);
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describeWithTools("apply and a SIGINT at any moment", ["root", "locks"], () => {
  let dir = "";
  let profile = "";
  let n = 0;

  beforeAll(() => {
    if (!existsSync(`${REPO}dist/cli.js`)) throw new Error("dist/cli.js is missing: run `npm run build` before these tests");
    dir = realpathSync(mkdtempSync("/tmp/ftpctl-late-signal-"));
    profile = join(dir, "p.yaml");
    writeFileSync(profile, ["anonymous:", "  enabled: true", "  root: /srv/ftp", "directories:", "  - path: /srv/one", "  - path: /srv/two", ""].join("\n"));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function stage(): { root: string; before: string[] } {
    const root = join(dir, `stage-${n++}`);
    mkdirSync(join(root, "etc"), { recursive: true });
    writeFileSync(join(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/bash\nftp:x:2101:2101::/srv/ftp:/usr/sbin/nologin\n");
    writeFileSync(join(root, "etc/group"), "root:x:0:\nftp:x:2101:\n");
    return { root, before: snapshotTree(root) };
  }

  /** The only honest outcomes; returns which one it was. */
  function judge(r: Run, root: string, before: string[]): string {
    expect(existsSync(lockPath(root)), "a lock was left behind").toBe(false);
    if (r.signal === "SIGINT") {
      // Killed by the default action: only before the handlers were in, so before the lock and any change.
      expect(r.stdout, "died of the signal after it had started").toBe("");
      expect(snapshotTree(root)).toEqual(before);
      return "killed early";
    }
    if (r.code === 130) {
      expect(r.stdout, "exit 130 after reporting success").not.toMatch(/^\d+ changed, \d+ ok/m);
      expect(r.stderr).toMatch(/^ftpctl: apply interrupted by SIGINT/m);
      expect(r.stderr).toMatch(/rolled back \d+ changes?; the host is as it was|nothing was changed/);
      expect(snapshotTree(root)).toEqual(before);
      return "rolled back";
    }
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toMatch(/^\d+ changed, \d+ ok/m);
    expect(snapshotTree(root)).not.toEqual(before);
    return "done";
  }

  it("at the moment the last change starts: rolled back, exit 130", async () => {
    const { root, before } = stage();
    const r = await applyWithSigint([profile, "--root", root, "--yes", "--distro", "debian"], { when: /^\[(\d+)\/\1\] /m });
    expect(r.signal).toBeNull();
    expect(judge(r, root, before)).toBe("rolled back");
  });

  it("in the last milliseconds after the report (while Node shuts down): exit 0, never death by the signal", async () => {
    // A natural exit closes Node's signal watchers before the process ends, which restores the default action.
    for (let i = 0; i < 24; i++) {
      const { root, before } = stage();
      const r = await applyWithSigint([profile, "--root", root, "--yes", "--distro", "debian"], { when: /^\d+ changed, \d+ ok/m, afterMs: i % 12 });
      expect(judge(r, root, before)).toBe("done");
    }
  }, 60_000);

  it("at 40 moments across the run, from Node's start to after the report: never 130 with the changes kept, never a stale lock", async () => {
    const seen = new Set<string>();
    for (let ms = 0; ms < 600; ms += 15) {
      const { root, before } = stage();
      const r = await applyWithSigint([profile, "--root", root, "--yes", "--distro", "debian"], { delayMs: ms });
      seen.add(judge(r, root, before));
    }
    // The sweep crossed the whole run: it saw at least the start and the end.
    expect(seen.has("done")).toBe(true);
  }, 120_000);
});
