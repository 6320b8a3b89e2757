/**
 * Password files are read like every other input (src/core/read-input.ts):
 * never a FIFO or a device, and never more than a password file can hold.
 */
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { readSecrets } from "../../src/provision/secrets.js";

const dir = mkdtempSync(join(tmpdir(), "ftpctl-secret-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const input = { env: {}, readStdin: async () => undefined };
const read = (file: string) => readSecrets([{ name: "alice", password: { file } }] as never, input);

describe("password files", () => {
  it("reads one line", async () => {
    writeFileSync(join(dir, "ok"), "s3cret\n", { mode: 0o600 });
    expect((await read(join(dir, "ok"))).get("alice")?.value).toBe("s3cret");
  });

  it("refuses a FIFO at once, without opening it", async () => {
    const fifo = join(dir, "fifo");
    await execa("mkfifo", ["-m", "600", fifo]);
    await expect(read(fifo)).rejects.toThrow(`user alice: password file ${fifo} is a named pipe (FIFO), not a regular file`);
  });

  it("refuses a file larger than a password file can be", async () => {
    const big = join(dir, "big");
    const fd = openSync(big, "w", 0o600);
    ftruncateSync(fd, 1024 * 1024);
    closeSync(fd);
    await expect(read(big)).rejects.toThrow(`user alice: password file ${big}: too large for a password file: 1048576 bytes, over the 64 KiB limit`);
  });
});
