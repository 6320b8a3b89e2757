/**
 * The export carries the steps of apply, taken from the planner's own
 * resources: every step of plan.ts has a section, and on a brand-new target
 * (an empty staging root) every change the planner lists has its
 * counterpart in the export, with the same file contents and modes and the
 * same directories. Passwords leave only as crypt hashes.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ansibleRole } from "../../src/export/ansible-role.js";
import { cloudConfig } from "../../src/export/cloud-init.js";
import { filesOf, SECTIONS, type ExportSteps } from "../../src/export/steps.js";
import { compare, type PasswordState } from "../../src/provision/password-state.js";
import { LocalExecutor } from "../../src/provision/local-executor.js";
import { KINDS } from "../../src/provision/kinds.js";
import { assemble, makePlan } from "../../src/provision/plan.js";
import { prepare } from "../../src/provision/prepare.js";
import { RecordingExecutor } from "../../src/provision/recording-executor.js";
import { ANON_PROFILE, fleetProfile, stepsFor } from "./helpers.js";

const PASSWORD = "correct horse battery staple";

describe("export steps", () => {
  let dir: string;
  let profile: string;
  let steps: ExportSteps;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "ftpctl-export-"));
    writeFileSync(join(dir, "alice.pw"), `${PASSWORD}\n`, { mode: 0o600 });
    profile = join(dir, "fleet.yaml");
    writeFileSync(profile, fleetProfile(join(dir, "alice.pw")));
    steps = (await stepsFor(profile)).steps;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("has a section for every step of the plan", () => {
    expect(Object.keys(SECTIONS).sort()).toEqual([...KINDS].sort());
    for (const k of KINDS) expect(SECTIONS[k].length, k).toBeGreaterThan(0);
  });

  it("carries every change the planner lists for a brand-new host, with the same files and directories", async () => {
    const stage = join(dir, "stage");
    mkdirSync(stage, { mode: 0o755 });
    const p = await prepare({ file: profile, set: [], distro: "debian", root: stage, removeFirewall: false, secretInput: { env: {}, readStdin: async () => undefined } });
    const exec = new RecordingExecutor(new LocalExecutor({ root: p.ctx.root! }), true);
    const plan = await makePlan(assemble({ ctx: p.ctx, rendered: p.rendered, secrets: p.secrets }), exec);
    const planned = plan.steps.flatMap((s) => s.changes).filter((c) => c.action !== "noop").map((c) => c.id).sort();

    const exported = [
      ...steps.packages.map((x) => `package:${x}`),
      ...(steps.account ? [`account:${steps.account.name}`] : []),
      ...steps.users.map((u) => `user:${u.name}`),
      ...steps.passwords.map((x) => `password:${x.user}`),
      ...[steps.pam, ...steps.lists, steps.config].filter((f) => f !== undefined).map((f) => `file:${f!.path}`),
      ...steps.directories.map((d) => `dir:${d.path}`),
      ...(steps.firewall.length ? ["firewall"] : []),
      ...(steps.service ? [`service:${steps.service.unit}`] : []),
    ].sort();
    expect(planned).toEqual(expect.arrayContaining(["package:vsftpd", "account:ftp", "user:alice", "password:alice", "file:/etc/vsftpd.conf", "dir:/srv/ftp", "firewall", "service:vsftpd"]));
    // Under a staging root the planner does not ask whether iptables is missing; a brand-new host has none.
    expect(exported.filter((id) => id !== "package:iptables")).toEqual(planned);
    expect(steps.firewall.map((r) => `${r.family} ${r.comment}`)).toEqual([
      "ipv4 ftpctl: control 21/tcp",
      "ipv4 ftpctl: passive 40000-40009/tcp",
      "ipv6 ftpctl: control 21/tcp",
      "ipv6 ftpctl: passive 40000-40009/tcp",
    ]);

    // The same bytes, as the planner's own file specs would write them.
    expect(steps.config.content).toBe(p.rendered.text);
    for (const f of filesOf(steps).filter((x) => x !== steps.passwordState)) {
      const change = plan.steps.flatMap((s) => s.changes).find((c) => c.id === `file:${f.path}`);
      expect(change?.action, f.path).toBe("create");
    }
    expect(steps.directories.find((d) => d.path === "/srv/ftp")).toMatchObject({ owner: "root", group: "root", mode: 0o555 });
    expect(steps.directories.find((d) => d.path === "/srv/ftp-users/alice/files")).toMatchObject({ owner: "alice", group: "alice", mode: 0o755 });
  });

  it("exports passwords only as SHA-512 crypt hashes, with the records plan checks them against", async () => {
    expect(steps.passwords.map((x) => x.user)).toEqual(["alice"]);
    const hash = steps.passwords[0]!.hash;
    expect(hash).toMatch(/^\$6\$/);
    const salt = hash.split("$")[2]!;
    expect(execFileSync("openssl", ["passwd", "-6", "-salt", salt, "-stdin"], { input: `${PASSWORD}\n`, encoding: "utf8" }).trim()).toBe(hash);
    const state = JSON.parse(steps.passwordState!.content) as { users: PasswordState };
    expect(compare(state.users["alice"], hash, PASSWORD)).toBe("current");
    expect(steps.passwordState!.mode).toBe(0o600);

    const everything = [...ansibleRole(steps).map((f) => f.content), cloudConfig(steps)].join("\n");
    expect(everything).not.toContain(PASSWORD);
    expect(everything).toContain(hash);
    for (const f of ansibleRole(steps).filter((x) => x.content.includes(hash) || x.content.includes("scrypt$"))) expect(f.mode, f.path).toBe(0o600);
  });

  it("the role uses ansible.builtin modules only", () => {
    const role = ansibleRole(steps);
    const modules = role
      .filter((f) => /^(tasks|handlers)\//.test(f.path))
      .flatMap((f) => [...f.content.matchAll(/^ {2}([a-z0-9_]+\.[a-z0-9_]+\.[a-z0-9_]+):/gm)].map((m) => m[1]!));
    expect([...new Set(modules)].sort()).toEqual([
      "ansible.builtin.apt",
      "ansible.builtin.command",
      "ansible.builtin.copy",
      "ansible.builtin.file",
      "ansible.builtin.getent",
      "ansible.builtin.iptables",
      "ansible.builtin.stat",
      "ansible.builtin.systemd",
      "ansible.builtin.user",
    ]);
  });

  it("refuses a target it cannot install on, in one line", async () => {
    const anon = join(dir, "anon.yaml");
    writeFileSync(anon, ANON_PROFILE);
    await expect(stepsFor(anon, { distro: "rhel" })).rejects.toThrow(/^export: --distro rhel is not supported yet; the role and user-data install with apt/);
  });

  it("leaves iptables out when the profile does not manage the firewall", async () => {
    const anon = join(dir, "anon-nofw.yaml");
    writeFileSync(anon, `${ANON_PROFILE}firewall:\n  manage: false\n`);
    const s = (await stepsFor(anon)).steps;
    expect(s.packages).toEqual(["vsftpd"]);
    expect(s.firewall).toEqual([]);
    expect(s.users).toEqual([]);
    expect(readFileSync(anon, "utf8")).toContain("manage: false");
  });
});
