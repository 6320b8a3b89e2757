/**
 * The exported role passes Debian's ansible-lint (production profile) without
 * errors or warnings, for a profile with every kind of step (anonymous and
 * jailed local users, a password, firewall, service), a plain anonymous
 * one and an FTPS one (certificate checks; no service, no firewall, so no handlers); and ansible-playbook
 * accepts its sample playbook.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ansibleRole } from "../../src/export/ansible-role.js";
import { describeWithTools } from "../helpers/require-tool.js";
import { ANON_PROFILE, fleetProfile, stepsFor, writeRole } from "./helpers.js";

describeWithTools("the exported Ansible role", ["/usr/bin/ansible-lint", "/usr/bin/ansible-playbook"], () => {
  let dir: string;
  // ansible-lint keeps a cache under $HOME: a temporary one leaves the real home alone.
  const env = () => ({ ...process.env, HOME: join(dir, "home"), XDG_CACHE_HOME: join(dir, "home/.cache"), ANSIBLE_LOCAL_TEMP: join(dir, "home/tmp"), NO_COLOR: "1", PY_COLORS: "0" });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "ftpctl-role-lint-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const [name, text] of [
    ["fleet", (d: string) => fleetProfile(join(d, "alice.pw"))],
    ["anonymous", () => ANON_PROFILE],
    ["ftps", () => "extends: [ftps, anonymous]\nanonymous:\n  enabled: true\nservice:\n  manage: false\nfirewall:\n  manage: false\n"],
  ] as const) {
    it(`passes ansible-lint without errors or warnings (${name} profile)`, async () => {
      writeFileSync(join(dir, "alice.pw"), "s3cret\n", { mode: 0o600 });
      const profile = join(dir, `${name}.yaml`);
      writeFileSync(profile, text(dir));
      const role = join(dir, `role_${name}`);
      writeRole(role, ansibleRole((await stepsFor(profile)).steps));
      const lint = spawnSync("ansible-lint", ["--offline", "-p"], { cwd: role, env: env(), encoding: "utf8", timeout: 120_000 });
      expect(lint.status, `${lint.stdout}\n${lint.stderr}`).toBe(0);
      expect(lint.stdout + lint.stderr).not.toMatch(/\b(error|warning)\b.*\[/i);
      const syntax = execFileSync("ansible-playbook", ["--syntax-check", "-i", "tests/inventory", "tests/test.yml"], { cwd: role, env: env(), encoding: "utf8" });
      expect(syntax).toContain("playbook: tests/test.yml");
    }, 180_000);
  }
});
