/**
 * The real executor: paths stay inside a staging root, commands that would
 * change the system are skipped (not run) under it, files and directories
 * get their exact mode and owner, and standard input reaches the command
 * without ever being part of argv.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { LocalExecutor } from "../../src/provision/local-executor.js";
import { ReadOnlyViolation, RecordingExecutor } from "../../src/provision/recording-executor.js";
import { describeWithTools } from "../helpers/require-tool.js";

// Root: files get owners; everything stays in a temp directory.
describeWithTools("LocalExecutor", ["root"], () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync("/tmp/ftpctl-exec-");
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("keeps every path inside the staging root, '..' included", async () => {
    const exec = new LocalExecutor({ root: dir });
    await exec.mkdir("/etc", { mode: 0o755 });
    await exec.writeFile("/../../etc/escape", "x\n", { mode: 0o640, uid: 0, gid: 0 });
    expect(readFileSync(join(dir, "etc/escape"), "utf8")).toBe("x\n");
    expect(await exec.stat("/etc/escape")).toMatchObject({ type: "file", mode: 0o640, uid: 0, gid: 0, size: 2 });
    expect(await exec.readFile("/etc/missing")).toBeUndefined();
  });

  it("does not run commands under a staging root, and lists them", async () => {
    const exec = new LocalExecutor({ root: dir });
    const marker = join(dir, "touched");
    const r = await exec.run(["touch", marker]);
    expect(r).toEqual({ code: 0, stdout: "", stderr: "", skipped: true });
    expect(existsSync(marker)).toBe(false);
    expect(exec.skippedCommands).toEqual([`touch ${marker}`]);
    // Probes are reads: they run.
    expect((await exec.probe(["true"])).code).toBe(0);
  });

  it("creates directories with set-id bits and files with the mode they must have", async () => {
    const exec = new LocalExecutor({ root: dir });
    await exec.mkdir("/shared", { mode: 0o2775, uid: 0, gid: 33 });
    const st = statSync(join(dir, "shared"));
    expect([st.mode & 0o7777, st.uid, st.gid]).toEqual([0o2775, 0, 33]);
    // Not inside /shared: as root, ftpctl works through no directory another group can write to (core/path-jail.ts).
    await exec.writeFile("/key", "k\n", { mode: 0o600 });
    expect(statSync(join(dir, "key")).mode & 0o777).toBe(0o600);
    await exec.remove("/key");
    await exec.remove("/shared");
    expect(existsSync(join(dir, "shared"))).toBe(false);
  });

  it("passes stdin to the command, reports a missing program as 127", async () => {
    const exec = new LocalExecutor();
    expect((await exec.run(["cat"], { input: "on stdin\n" })).stdout).toBe("on stdin\n");
    const missing = await exec.probe(["/nonexistent/program"]);
    expect(missing.code).toBe(127);
    expect(await exec.which("sh")).toMatch(/\/sh$/);
    expect(await exec.which("no-such-program-here")).toBeUndefined();
  });

  it("the recorder hides stdin and, read-only, stops change calls before they happen", async () => {
    const rec = new RecordingExecutor(new LocalExecutor({ root: dir }));
    await rec.run(["chpasswd"], { input: "user:secret\n" });
    expect(rec.calls).toEqual([{ op: "run", argv: ["chpasswd"], stdin: "<12 bytes on stdin>" }]);
    rec.readOnly = true;
    await expect(rec.writeFile("/ro", "x", { mode: 0o644 })).rejects.toBeInstanceOf(ReadOnlyViolation);
    expect(existsSync(join(dir, "ro"))).toBe(false);
  });
});
