/**
 * Under --root, steps that change the live system are listed and skipped.
 * A skipped step must not demand what only running it needs (a password
 * variable, a prompt), and the plan counts it once, as skipped.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ftpctl } from "../cli/ftpctl.js";

let dir = "";
let root = "";
let profile = "";

beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "ftpctl-root-skips-")));
  root = join(dir, "stage");
  mkdirSync(join(root, "etc"), { recursive: true });
  writeFileSync(join(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
  writeFileSync(join(root, "etc/group"), "root:x:0:\n");
  profile = join(dir, "p.yaml");
  writeFileSync(profile, "extends: [local, ftps]\nusers:\n  - name: alice\n    password: {env: ALICE_PW}\n  - name: bob\n    password: {stdin: true}\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("plan --root needs neither the password variable nor standard input for the password steps it skips", async () => {
  const r = await ftpctl(["plan", profile, "--root", root, "--distro", "debian", "--no-color"], { env: { NO_COLOR: "1", PATH: process.env["PATH"] ?? "/usr/bin:/bin" }, stdin: "ignore" });
  expect(r.stderr).toBe("");
  expect(r.exitCode).toBe(0);
  expect(r.stdout).toContain("· set alice's password from env ALICE_PW (skipped under --root)");
  expect(r.stdout).toContain("· set bob's password from stdin (skipped under --root)");
});

it("the certificate under --root is skipped, and counted once, as skipped", async () => {
  const r = await ftpctl(["plan", profile, "--root", root, "--distro", "debian", "--json"], { stdin: "ignore" });
  expect(r.exitCode, r.stderr).toBe(0);
  const plan = JSON.parse(r.stdout) as { steps: { kind: string; changes: { id: string; action: string; skipped?: string }[] }[]; summary: { change: number; ok: number; skipped: number } };
  const cert = plan.steps.find((s) => s.kind === "certificate")!.changes;
  expect(cert).toHaveLength(1);
  expect(cert[0]!.action).toBe("create");
  expect(cert[0]!.skipped).toMatch(/^skipped under --root: a private key is never generated into a staging tree/);
  const all = plan.steps.flatMap((s) => s.changes);
  expect(plan.summary.skipped).toBe(all.filter((c) => c.skipped !== undefined).length);
  expect(plan.summary.ok).toBe(all.filter((c) => c.skipped === undefined && c.action === "noop").length);
});
