/**
 * `ftpctl serve --log FILE`: every event line goes to standard output and
 * is appended to FILE too: a transfer as a bare xferlog line, the other
 * events after a ctime(3) time. The file is created 0600, appended to
 * (never truncated), and must be a regular file: a link, a FIFO or a
 * directory is refused with one line, and a FIFO is never opened.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServe, type ServeArgs } from "../../src/commands/serve/run.js";
import { BIN } from "../cli/ftpctl.js";
import { describeWithTools } from "../helpers/require-tool.js";
import { ANON_READ_ONLY } from "./harness.js";
import { RawClient } from "./raw-client.js";

const TIME = String.raw`\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}`;

describe("serve --log FILE", () => {
  let dir: string;
  let args: ServeArgs;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "ftpctl-serve-log-"));
    mkdirSync(join(dir, "root"));
    writeFileSync(join(dir, "root", "hello.txt"), "hello\n", { mode: 0o644 });
    // An anonymous root its user may write is refused, as vsftpd refuses it.
    chmodSync(join(dir, "root"), 0o555);
    writeFileSync(join(dir, "anon.conf"), ANON_READ_ONLY);
    args = { file: join(dir, "anon.conf"), set: [], distro: "debian", port: 0, address: "127.0.0.1", root: join(dir, "root"), user: [] };
  });
  afterAll(() => {
    chmodSync(join(dir, "root"), 0o755);
    rmSync(dir, { recursive: true, force: true });
  });

  it("appends the session events and the xferlog line to an existing file, and to stdout as well", async () => {
    const log = join(dir, "serve.log");
    writeFileSync(log, "earlier line\n", { mode: 0o640 });
    let stdout = "";
    const server = await startServe({ ...args, log }, { stdout: (t) => (stdout += t), stderr: () => {} });
    const c = await RawClient.open(server.port);
    await c.login("ftp", "me@");
    expect((await c.data("RETR hello.txt")).body).toBe("hello\n");
    await c.cmd("QUIT");
    await server.close();
    const lines = readFileSync(log, "utf8").trimEnd().split("\n");
    expect(lines[0]).toBe("earlier line");
    expect(lines.slice(1).map((l) => l.replace(new RegExp(`^${TIME} `), "TIME "))).toEqual([
      "TIME [1] connect from 127.0.0.1",
      "TIME [1] login anonymous",
      expect.stringMatching(/^TIME \d+ 127\.0\.0\.1 6 \/hello\.txt b _ o a ftp ftp 0 \* c$/),
      "TIME [1] disconnect",
    ]);
    // An existing file keeps its mode; stdout had every line too.
    expect(statSync(log).mode & 0o777).toBe(0o640);
    expect(stdout).toContain("[1] login anonymous\n");
    expect(stdout).not.toContain("me@");
  });

  it("creates a missing file 0600", async () => {
    const log = join(dir, "new.log");
    const server = await startServe({ ...args, log }, { stdout: () => {}, stderr: () => {} });
    const c = await RawClient.open(server.port);
    await c.read();
    c.close();
    await server.close();
    expect(statSync(log).mode & 0o777).toBe(0o600);
    expect(readFileSync(log, "utf8")).toMatch(new RegExp(`^${TIME} \\[1\\] connect from 127\\.0\\.0\\.1\\n`));
  });

  it.each([
    ["a symbolic link", (p: string) => symlinkSync(join(dir, "target.log"), p), "is a symbolic link; refusing to log through a link"],
    ["a directory", (p: string) => mkdirSync(p), "is a directory; refusing to log to it"],
    ["a FIFO, never opened", (p: string) => execFileSync("mkfifo", [p]), "is a named pipe (FIFO); refusing to log to it"],
  ])("refuses %s", async (what, make, reason) => {
    const log = join(dir, what.replace(/\W+/g, "-"));
    make(log);
    await expect(startServe({ ...args, log }, { stdout: () => {}, stderr: () => {} })).rejects.toThrow(reason);
  });
});

describeWithTools("ftpctl serve --log, from the command line", ["/usr/bin/mkfifo"], () => {
  it("writes the log and refuses a FIFO with one line and exit 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ftpctl-serve-log-cli-"));
    try {
      mkdirSync(join(dir, "root"), { mode: 0o555 });
      const log = join(dir, "serve.log");
      const p = execa(process.execPath, [BIN, "serve", "--distro", "debian", "--root", join(dir, "root"), "--log", log], { reject: false, env: { NO_COLOR: "1" } });
      let out = "";
      p.stdout!.on("data", (d: Buffer) => (out += d.toString()));
      const deadline = Date.now() + 15_000;
      while (!/serving ftp:\/\/\S+:(\d+)\//.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const port = Number(/serving ftp:\/\/\S+:(\d+)\//.exec(out)?.[1]);
      const c = await RawClient.open(port);
      await c.login("ftp", "x@");
      c.close();
      await new Promise((r) => setTimeout(r, 200));
      p.kill("SIGINT");
      expect((await p).exitCode).toBe(0);
      expect(readFileSync(log, "utf8")).toMatch(/\] login anonymous\n/);
      execFileSync("mkfifo", [join(dir, "fifo")]);
      writeFileSync(join(dir, "anon.conf"), ANON_READ_ONLY);
      const r = await execa(process.execPath, [BIN, "serve", join(dir, "anon.conf"), "--distro", "debian", "--root", join(dir, "root"), "--log", join(dir, "fifo")], { reject: false, timeout: 15_000 });
      expect(r.exitCode).toBe(2);
      expect(String(r.stderr).trimEnd().split("\n")).toHaveLength(1);
      expect(String(r.stderr)).toContain("is a named pipe (FIFO); refusing to log to it");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
