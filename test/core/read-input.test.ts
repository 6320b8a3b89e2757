/**
 * The one reader: nothing that is not a regular file is opened, nothing is
 * read past its cap, and every refusal comes at once (well inside a second,
 * measured here in-process, without Node's start-up).
 */
import { createServer } from "node:net";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { CONFIG_INPUT, LOCK_INPUT, PEM_INPUT, PROFILE_INPUT, readInput, type InputKind } from "../../src/core/read-input.js";

const dir = mkdtempSync(join(tmpdir(), "ftpctl-read-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function refusal(path: string, kind: InputKind): { message: string; ms: number } {
  const t0 = performance.now();
  try {
    readInput(path, kind);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return { message: (err as Error).message, ms: performance.now() - t0 };
  }
  throw new Error(`${path} was read`);
}

describe("readInput", () => {
  it("refuses a FIFO with no writer at once (a blocking open would hang)", async () => {
    const fifo = join(dir, "fifo");
    await execa("mkfifo", [fifo]);
    const r = refusal(fifo, CONFIG_INPUT);
    expect(r.message).toBe(`${fifo}: is a named pipe (FIFO), not a config file`);
    expect(r.ms).toBeLessThan(1000);
  });

  it.each([
    ["/dev/zero", "is a character device, not a profile"],
    ["/dev/null", "is a character device, not a profile"],
  ])("refuses %s without reading it", (path, says) => {
    const r = refusal(path, PROFILE_INPUT);
    expect(r.message).toBe(`${path}: ${says}`);
    expect(r.ms).toBeLessThan(1000);
  });

  it("refuses a directory and a socket", async () => {
    const d = join(dir, "d");
    mkdirSync(d);
    expect(refusal(d, PEM_INPUT).message).toBe(`${d}: is a directory, not a PEM file`);
    const sock = join(dir, "sock");
    const server = createServer();
    await new Promise<void>((ok) => server.listen(sock, ok));
    try {
      expect(refusal(sock, PEM_INPUT).message).toBe(`${sock}: is a socket, not a PEM file`);
    } finally {
      server.close();
    }
  });

  it("reads a file that claims size 0 (/proc) up to its end, and no further than the cap", () => {
    expect(readInput("/proc/self/status", PROFILE_INPUT).toString()).toMatch(/^Name:/);
    const tiny: InputKind = { noun: "a thing", tooLargeFor: "a thing", maxBytes: 16 };
    expect(refusal("/proc/self/status", tiny).message).toBe("/proc/self/status: too large for a thing: more than 16 bytes");
  });

  it("says a size over the cap before reading anything", () => {
    const f = join(dir, "big");
    writeFileSync(f, "x".repeat(32));
    const tiny: InputKind = { noun: "a thing", tooLargeFor: "a thing", maxBytes: 16, note: "things are small" };
    expect(refusal(f, tiny).message).toBe(`${f}: too large for a thing: 32 bytes, over the 16 bytes limit (things are small)`);
    expect(readInput(f, { ...tiny, maxBytes: 32 }).length).toBe(32);
  });

  it("refuses a link when asked to (a lock in a directory others may write)", () => {
    const f = join(dir, "lock-target");
    writeFileSync(f, "123\n");
    const link = join(dir, "lock");
    symlinkSync(f, link);
    expect(readInput(link, LOCK_INPUT).toString()).toBe("123\n");
    expect(() => readInput(link, LOCK_INPUT, { links: "refuse" })).toThrow(`${link}: is a symbolic link; refusing to follow it for a lock file`);
    expect(readInput(f, LOCK_INPUT, { links: "refuse" }).toString()).toBe("123\n");
  });

  it("names a missing file and a file under a plain file in errno.ts's words", () => {
    const f = join(dir, "plain");
    writeFileSync(f, "");
    expect(refusal(join(dir, "none"), CONFIG_INPUT).message).toBe(`${join(dir, "none")}: no such file`);
    expect(refusal(join(f, "x"), CONFIG_INPUT).message).toBe(`${join(f, "x")}: no such file (a parent in the path is not a directory)`);
  });
});
