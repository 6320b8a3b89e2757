/**
 * The Quick start's first command ends in `npm run demo`: it must run on a
 * fresh checkout, and its last part is a real client session against the
 * embedded server serving the built-in anonymous profile.
 */
import { execa } from "execa";
import { existsSync } from "node:fs";
import { expect, it } from "vitest";
import { NODE, REPO } from "./ftpctl.js";

it("npm run demo: init, render, lint, the examples, then a client session against ftpctl serve", async () => {
  if (!existsSync(`${REPO}dist/cli.js`)) throw new Error("dist/cli.js is missing: run `npm run build` before these tests");
  const r = await execa(NODE, [`${REPO}scripts/demo.mjs`], { reject: false, timeout: 60_000, env: { NO_COLOR: "1" } });
  expect(r.exitCode, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/^\$ ftpctl serve \$DEMO\/ftpctl\.yaml --root \$DEMO\/ftp --address 127\.0\.0\.1 --port 0 &$/m);
  expect(r.stdout).toMatch(/^ {2}\[serve\] serving ftp:\/\/127\.0\.0\.1:\d+\/$/m);
  expect(r.stdout).toContain('RETR README.txt -> "Served by ftpctl\'s embedded FTP server.\\n"');
  expect(r.stdout).toContain("STOR upload.txt -> refused: 550 Permission denied.");
  expect(r.stdout).toMatch(/^\$ ftpctl verify \$DEMO\/ftpctl\.yaml --host 127\.0\.0\.1 --port \d+ --distro debian$/m);
  expect(r.stdout).toMatch(/^\d+ passed, 0 failed, \d+ skipped \(\d+ ms\)$/m);
  expect(r.stdout).toMatch(/^ {2}\[serve\] stopped$/m);
}, 90_000);
