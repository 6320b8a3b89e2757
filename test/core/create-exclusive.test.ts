/** createExclusive(): the primitive a lock file is made with. */
import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { createExclusive } from "../../src/core/atomic-write.js";

const dir = mkdtempSync(join(tmpdir(), "ftpctl-excl-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("creates a file once, with its mode, and says false the second time", () => {
  const p = join(dir, "lock");
  expect(createExclusive(p, "123\n", 0o644)).toBe(true);
  expect(createExclusive(p, "456\n", 0o644)).toBe(false);
  expect(readFileSync(p, "utf8")).toBe("123\n");
  expect((statSync(p).mode & 0o777).toString(8)).toBe("644");
});

it("never follows a link planted where the file goes", () => {
  const p = join(dir, "planted");
  symlinkSync("/etc/passwd", p);
  expect(() => createExclusive(p, "x")).toThrow(/is a symbolic link to \/etc\/passwd; refusing to replace a link/);
});

it("names a missing directory", () => {
  expect(() => createExclusive(join(dir, "no", "lock"), "x")).toThrow(`${join(dir, "no", "lock")}: cannot write: directory ${join(dir, "no")} does not exist`);
});
