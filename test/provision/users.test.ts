/**
 * The account steps on this machine, for real (root): users are created
 * with the nologin shell, passwords go to chpasswd on stdin only, the
 * dedicated PAM service lets them log in to the real vsftpd (where the
 * distribution's pam_shells stack refuses them), a second apply changes
 * nothing, password drift is noticed, and an anonymous account that exists
 * with a login shell is reported without being touched.
 *
 * Every account is named ftpctl-pu-* and removed by name in afterAll.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, expect, it } from "vitest";
import { applyPlan } from "../../src/provision/apply.js";
import { PlanErrors } from "../../src/provision/errors.js";
import { LocalExecutor } from "../../src/provision/local-executor.js";
import { PASSWORD_STATE, STATE_DIR } from "../../src/provision/password-state.js";
import { assemble, countPlan, makePlan, type Plan } from "../../src/provision/plan.js";
import { prepare, type Prepared } from "../../src/provision/prepare.js";
import { RecordingExecutor } from "../../src/provision/recording-executor.js";
import { PAM_FILE } from "../../src/provision/resources/pam.js";
import { freePort } from "../helpers/ports.js";
import { describeWithTools } from "../helpers/require-tool.js";
import { startVsftpd, stopAllVsftpd, waitForListener } from "../helpers/vsftpd.js";
import { snapshotAccounts, writeProfile } from "./helpers.js";

const TOOLS = ["sandbox", "/usr/sbin/useradd", "/usr/sbin/userdel", "/usr/sbin/chpasswd", "/usr/sbin/vsftpd", "/usr/bin/curl"];
const A = "ftpctl-pu-a";
const B = "ftpctl-pu-b";
const CONFLICT = "ftpctl-pu-conflict";
const ALL = [A, B, CONFLICT];
const PW_A = "Alice-pw-0n-a-file";
const PW_B = "Bob-pw-from-the-env";

async function passwd(name: string): Promise<string[] | undefined> {
  const r = await execa("getent", ["passwd", name], { reject: false });
  return r.exitCode === 0 ? r.stdout.trim().split(":") : undefined;
}

describeWithTools("users, passwords and the PAM service on this machine", TOOLS, () => {
  let dir = "";
  let profile = "";
  let pamExisted = false;
  let stateBefore: Buffer | undefined;
  let stateDirExisted = false;

  async function planWith(exec: RecordingExecutor | LocalExecutor, file = profile): Promise<{ prepared: Prepared; plan: Plan }> {
    const prepared = await prepare({
      file,
      set: [],
      distro: "debian",
      removeFirewall: false,
      only: ["users", "pam", "directories"],
      secretInput: { env: { FTPCTL_TEST_PW_B: PW_B }, readStdin: async () => undefined },
    });
    const plan = await makePlan(assemble({ ctx: prepared.ctx, rendered: prepared.rendered, secrets: prepared.secrets, only: prepared.only! }), exec);
    return { prepared, plan };
  }

  beforeAll(async () => {
    for (const n of ALL) if (await passwd(n)) await execa("userdel", ["-r", n], { reject: false });
    pamExisted = existsSync(PAM_FILE);
    stateDirExisted = existsSync(STATE_DIR);
    stateBefore = existsSync(PASSWORD_STATE) ? readFileSync(PASSWORD_STATE) : undefined;
    dir = mkdtempSync("/tmp/ftpctl-users-");
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, "a.pw"), `${PW_A}\n`, { mode: 0o600 });
    profile = writeProfile(
      dir,
      "ftpctl.yaml",
      [
        "extends: [jailed]",
        "local:",
        `  root: ${dir}/jails/$USER`,
        "users:",
        `  - name: ${A}`,
        `    password: { file: ${dir}/a.pw }`,
        `  - name: ${B}`,
        "    password: { env: FTPCTL_TEST_PW_B }",
        "",
      ].join("\n"),
    );
  });

  afterAll(async () => {
    await stopAllVsftpd();
    for (const n of ALL) {
      if (!(await passwd(n))) continue;
      const r = await execa("userdel", ["-r", n], { reject: false });
      // 12: the home (a root-owned jail) was not removed, which the rm below does.
      if (r.exitCode !== 0 && r.exitCode !== 12) throw new Error(`userdel -r ${n}: ${r.stderr}`);
    }
    if (!pamExisted) rmSync(PAM_FILE, { force: true });
    if (stateBefore) writeFileSync(PASSWORD_STATE, stateBefore, { mode: 0o600 });
    else {
      rmSync(PASSWORD_STATE, { force: true });
      if (!stateDirExisted) rmSync(STATE_DIR, { recursive: true, force: true });
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("creates nologin users with their jails, passwords through chpasswd's stdin only", async () => {
    const rec = new RecordingExecutor(new LocalExecutor());
    const { plan } = await planWith(rec);
    expect(rec.calls).toEqual([]);
    const result = await applyPlan(plan, rec, { progress: () => {} });
    expect(result.failed, JSON.stringify(result.failed)).toBeUndefined();

    for (const n of [A, B]) {
      const f = (await passwd(n))!;
      expect(f[6]).toBe("/usr/sbin/nologin");
      expect(f[5]).toBe(`${dir}/jails/${n}`);
    }
    const chpasswd = rec.calls.filter((c) => c.op === "run" && c.argv[0] === "chpasswd");
    expect(chpasswd).toEqual([
      { op: "run", argv: ["chpasswd"], stdin: `<${`${A}:${PW_A}\n`.length} bytes on stdin>` },
      { op: "run", argv: ["chpasswd"], stdin: `<${`${B}:${PW_B}\n`.length} bytes on stdin>` },
    ]);
    const recorded = JSON.stringify(rec.calls);
    expect(recorded).not.toContain(PW_A);
    expect(recorded).not.toContain(PW_B);
    expect(rec.calls.filter((c) => c.op === "run" && c.argv[0] === "useradd").map((c) => (c.op === "run" ? c.argv : []))).toEqual([
      ["useradd", "-M", "-d", `${dir}/jails/${A}`, "-s", "/usr/sbin/nologin", "-c", "FTP user (ftpctl)", A],
      ["useradd", "-M", "-d", `${dir}/jails/${B}`, "-s", "/usr/sbin/nologin", "-c", "FTP user (ftpctl)", B],
    ]);
    // The verifier file is root's alone and holds no password.
    const state = readFileSync(PASSWORD_STATE, "utf8");
    expect(state).not.toContain(PW_A);
    expect(existsSync(PAM_FILE)).toBe(true);
  });

  it("lets the new users log in to the real vsftpd and upload into files/, which the distro's pam_shells stack refuses", async () => {
    const { prepared } = await planWith(new LocalExecutor());
    const conf = join(dir, "vsftpd.conf");
    writeFileSync(conf, prepared.rendered.text, { mode: 0o600 });
    expect(prepared.rendered.text).toContain("\npam_service_name=ftpctl-vsftpd\n");
    writeFileSync(join(dir, "up.txt"), "uploaded through the jail\n");
    const login = async (pam: string[]) => {
      const port = await freePort();
      // Only the address, the port and the host's user list differ from the rendered file.
      const proc = startVsftpd(conf, { port, overrides: ["listen_address=127.0.0.1", "userlist_enable=NO", ...pam] });
      expect((await waitForListener(proc, ["127.0.0.1"])).state).toBe("listening");
      return execa("curl", ["-sS", "--max-time", "10", "-u", `${A}:${PW_A}`, "-T", join(dir, "up.txt"), `ftp://127.0.0.1:${port}/files/up.txt`], { reject: false });
    };
    const ok = await login([]);
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(readFileSync(`${dir}/jails/${A}/files/up.txt`, "utf8")).toBe("uploaded through the jail\n");
    const refused = await login(["pam_service_name=vsftpd"]);
    expect(refused.stderr).toMatch(/530|Access denied|denied/i);
  });

  it("a second apply changes nothing and runs no command", async () => {
    const rec = new RecordingExecutor(new LocalExecutor());
    const { plan } = await planWith(rec);
    expect(countPlan(plan).change).toBe(0);
    const result = await applyPlan(plan, rec, { progress: () => {} });
    expect(result.counts.changed).toBe(0);
    expect(rec.calls).toEqual([]);
  });

  it("notices a changed password file and a password changed behind its back", async () => {
    writeFileSync(join(dir, "a.pw"), "A-new-password\n", { mode: 0o600 });
    const { plan } = await planWith(new LocalExecutor());
    const changed = plan.steps.flatMap((s) => s.changes).filter((c) => c.action !== "noop");
    expect(changed.map((c) => c.id)).toEqual([`password:${A}`]);
    expect(changed[0]!.reason).toContain("the profile's password differs from the one ftpctl set");
    expect(JSON.stringify(plan.steps.map((s) => s.changes))).not.toContain("A-new-password");
    writeFileSync(join(dir, "a.pw"), `${PW_A}\n`, { mode: 0o600 });

    await execa("chpasswd", { input: `${B}:changed-by-hand\n` });
    const again = await planWith(new LocalExecutor());
    const drift = again.plan.steps.flatMap((s) => s.changes).filter((c) => c.action !== "noop");
    expect(drift.map((c) => c.id)).toEqual([`password:${B}`]);
    expect(drift[0]!.reason).toContain("changed since ftpctl set it");
  });

  it("reports an anonymous account with a login shell as a conflict and changes nothing", async () => {
    await execa("useradd", ["-M", "-d", "/nonexistent", "-s", "/bin/bash", CONFLICT]);
    const line = (await passwd(CONFLICT))!.join(":");
    const accounts = snapshotAccounts();
    const file = writeProfile(dir, "anon.yaml", ["extends: [anonymous]", "anonymous:", `  root: ${dir}/anon`, "vsftpd:", `  ftp_username: ${CONFLICT}`, ""].join("\n"));
    const rec = new RecordingExecutor(new LocalExecutor(), true);
    const prepared = await prepare({ file, set: [], distro: "debian", removeFirewall: false, secretInput: { env: {}, readStdin: async () => undefined } });
    const err = await makePlan(assemble({ ctx: prepared.ctx, rendered: prepared.rendered, secrets: prepared.secrets }), rec).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlanErrors);
    const msg = (err as PlanErrors).message;
    expect(msg).toContain(`account ${CONFLICT} already exists and has the login shell /bin/bash`);
    expect(msg).toContain("nothing was changed");
    expect(rec.calls).toEqual([]);
    expect((await passwd(CONFLICT))!.join(":")).toBe(line);
    expect(snapshotAccounts()).toEqual(accounts);
  });
});
