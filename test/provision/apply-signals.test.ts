/**
 * SIGINT and SIGTERM during `apply` roll back like a failed step, then exit
 * 130/143. The real CLI runs as a child on a staging tree with thousands of
 * directories to create; the signal goes out as soon as the first progress
 * line appears on its standard output. The apply cannot be finished by
 * then: a pipe holds at most 64 KiB, so the child can be at most one pipe
 * and one read ahead of the line the test saw, about 1,000 of these long
 * progress lines, well short of the 3,000 changes.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { BIN, REPO } from "../cli/ftpctl.js";
import { snapshotTree } from "./helpers.js";
import { describeWithTools } from "../helpers/require-tool.js";

const DIRS = 3000;

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs apply and sends `signal` once the first change's progress line is out. */
function applyInterrupted(args: readonly string[], signal: NodeJS.Signals): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "apply", ...args], { env: { NO_COLOR: "1", PATH: process.env["PATH"] ?? "/usr/bin:/bin" }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let sent = false;
    const deadline = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
      if (!sent && /^\[1\/\d+\] /m.test(stdout)) {
        sent = true;
        child.kill(signal);
      }
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code, sig) => {
      clearTimeout(deadline);
      resolve({ code, signal: sig, stdout, stderr });
    });
  });
}

describeWithTools("apply interrupted by a signal", ["root", "locks"], () => {
  let dir = "";
  let root = "";
  let profile = "";
  let original: string[] = [];

  beforeAll(() => {
    if (!existsSync(`${REPO}dist/cli.js`)) throw new Error("dist/cli.js is missing: run `npm run build` before these tests");
    dir = mkdtempSync("/tmp/ftpctl-apply-signals-");
    root = join(dir, "stage");
    mkdirSync(join(root, "etc"), { recursive: true });
    mkdirSync(join(root, "srv"));
    writeFileSync(join(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/bash\nftp:x:2101:2101::/srv/ftp:/usr/sbin/nologin\n");
    writeFileSync(join(root, "etc/group"), "root:x:0:\nftp:x:2101:\n");
    writeFileSync(join(root, "srv/keep"), "already here\n");
    // Long names make long progress lines, so fewer of them fit in a pipe.
    const name = (i: number) => `${String(i).padStart(4, "0")}-${"x".repeat(100)}`;
    profile = join(dir, "ftpctl.yaml");
    writeFileSync(profile, ["anonymous:", "  enabled: true", "  root: /srv/ftp", "directories:", ...Array.from({ length: DIRS }, (_, i) => `  - path: /srv/many/${name(i)}\n    mode: "0750"`), ""].join("\n"));
    original = snapshotTree(root);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ["SIGTERM", 143],
    ["SIGINT", 130],
  ] as const)("%s mid-way: every change made is undone, the tree is as it was, exit %i", async (signal, exit) => {
    const r = await applyInterrupted([profile, "--root", root, "--yes", "--distro", "debian", "--only", "directories"], signal);
    expect(r.signal, "the process died of the signal instead of rolling back").toBeNull();
    expect(r.code, r.stderr).toBe(exit);
    expect(r.stdout).toContain(`    interrupted by ${signal}\n`);
    const rolled = /^rolling back (\d+) changes?$/m.exec(r.stdout);
    expect(rolled, r.stdout.slice(-2000)).not.toBeNull();
    const made = Number(rolled![1]);
    expect(made).toBeGreaterThan(0);
    expect(made).toBeLessThan(DIRS);
    const changes = `${made} change${made === 1 ? "" : "s"}`;
    expect(r.stdout).toContain(`\napply interrupted by ${signal}; ${changes} rolled back\n`);
    expect(r.stderr).toBe(`ftpctl: apply interrupted by ${signal}\nftpctl: rolled back ${changes}; the host is as it was before this run (installed packages stay)\n`);
    expect(snapshotTree(root)).toEqual(original);
  });
});
