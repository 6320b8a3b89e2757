/**
 * Saved plans on a brand-new Debian 12 server (systemd-nspawn, private
 * network; test/helpers/container.ts), as Terraform's `plan -out` and
 * `apply FILE`: `plan --output` writes the plan (0600); `apply FILE` makes
 * exactly the changes it lists and no other, and a second plan finds
 * nothing to do. A fresh plan file applied after a change made by hand (the
 * config edited, then the anonymous account removed) is refused with exit
 * 1 and one line naming the resource, and nothing on the host changes.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { bootContainer, builtCliHas, CONTAINER_TOOLS, ensureRootfs, type Container, type RunResult } from "../helpers/container.js";
import { describeWithTools } from "../helpers/require-tool.js";

const CHECKOUT = fileURLToPath(new URL("../..", import.meta.url));
const ENGINE = builtCliHas(CHECKOUT, "apply");
const FTPCTL = ["node", "/opt/ftpctl/bin/ftpctl.js"];
const PROFILE = "/root/ftpctl.yaml";
const PLAN = "/root/ftpctl.plan";
const FRESH = "/root/fresh.plan";

const PROFILE_TEXT = `# Public, read-only anonymous FTP.
anonymous:
  enabled: true
  root: /srv/ftp
passive:
  minPort: 40000
  maxPort: 40009
`;

const show = (r: RunResult) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

interface SavedChange {
  id: string;
  action: string;
  skipped?: string;
}
interface Saved {
  format: string;
  steps: { kind: string; changes: SavedChange[] }[];
}
interface StepResult {
  id: string;
  action: string;
  status: string;
  note?: string;
}

describeWithTools("saved plans on a brand-new Debian 12 server (systemd-nspawn)", ["sandbox", ...CONTAINER_TOOLS], () => {
  let box: Container | undefined;
  const figures: string[] = [];

  beforeAll(async () => {
    const t0 = Date.now();
    const cached = await ensureRootfs((l) => figures.push(l));
    if (cached.built) figures.push(`rootfs built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    box = await bootContainer({ checkout: CHECKOUT });
    figures.push(`booted in ${box.bootMs} ms`);
  }, 20 * 60_000);

  afterAll(async () => {
    await box?.stop();
    if (figures.length) console.info(`saved-plan: ${figures.join("; ")}`);
  }, 60_000);

  const c = () => box!;
  const ftpctl = (args: string[]) => c().exec([...FTPCTL, ...args], { timeoutMs: 300_000 });
  const saved = (path: string): Saved => JSON.parse(c().readFile(path)!) as Saved;
  const pending = (s: Saved) => s.steps.flatMap((st) => st.changes.filter((ch) => ch.action !== "noop" && ch.skipped === undefined).map((ch) => ch.id));

  /** What a refused apply must leave as it was: files, accounts, firewall, service. */
  async function hostState(): Promise<string> {
    const files = await c().exec(["sh", "-c", "sha256sum /etc/vsftpd.conf /etc/passwd /etc/shadow /etc/group; ls -la /etc/vsftpd.conf* /srv/ftp"]);
    const fw = await c().exec(["iptables", "-S", "INPUT"]);
    const svc = await c().exec(["systemctl", "is-active", "vsftpd"]);
    return [files.stdout, fw.stdout, svc.stdout].join("\n");
  }

  it("plan --output writes the plan, readable by root only, and changes nothing", async () => {
    expect(ENGINE, "the built CLI (npm run build) has the apply command").toBe(true);
    expect((await c().exec(["tee", PROFILE], { input: PROFILE_TEXT })).code).toBe(0);
    const r = await ftpctl(["plan", PROFILE, "--output", PLAN]);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toMatch(/^Plan: \d+ changes to make/m);
    expect(r.stdout).toContain(`Saved the plan to ${PLAN}; apply exactly this plan with: ftpctl apply ${PLAN}`);
    expect((await c().exec(["stat", "-c", "%a %U", PLAN])).stdout.trim()).toBe("600 root");
    const s = saved(PLAN);
    expect(s.format).toBe("ftpctl-plan");
    expect(pending(s)).toEqual(expect.arrayContaining(["package:vsftpd", "file:/etc/vsftpd.conf", "service:vsftpd"]));
    expect((await c().exec(["dpkg-query", "-W", "-f=${Status}", "vsftpd"])).stdout).not.toBe("install ok installed");
  });

  it("apply FILE makes exactly the planned changes, and a second plan finds none", async () => {
    expect(ENGINE, "the built CLI (npm run build) has the apply command").toBe(true);
    const planned = pending(saved(PLAN));
    const r = await ftpctl(["apply", PLAN, "--yes", "--json"]);
    expect(r.code, show(r)).toBe(0);
    const out = JSON.parse(r.stdout) as { results: StepResult[] };
    // Every change the plan lists was attempted, in its order, and nothing else.
    expect(out.results.filter((x) => x.action !== "noop").map((x) => x.id)).toEqual(planned);
    const changed = out.results.filter((x) => x.status === "changed").map((x) => x.id);
    expect(changed.every((id) => planned.includes(id))).toBe(true);
    expect(changed).toEqual(expect.arrayContaining(["package:vsftpd", "file:/etc/vsftpd.conf", "service:vsftpd"]));
    // A planned change not counted as changed was done by an earlier one (Debian's package creates "ftp").
    for (const x of out.results.filter((y) => y.action !== "noop" && y.status !== "changed")) expect([x.id, x.status, x.note]).toEqual([x.id, "ok", expect.any(String)]);
    expect(r.stderr).toMatch(/^verify: /m);
    expect((await c().exec(["systemctl", "is-active", "vsftpd"])).stdout.trim()).toBe("active");

    const again = await ftpctl(["plan", PROFILE, "--detailed-exitcode"]);
    expect(again.code, show(again)).toBe(0);
    expect(again.stdout).toMatch(/^No changes: /m);
  });

  it("the same plan file, applied again, is refused: the host is no longer what it was made from", async () => {
    expect(ENGINE, "the built CLI (npm run build) has the apply command").toBe(true);
    const before = await hostState();
    const r = await ftpctl(["apply", PLAN, "--yes"]);
    expect(r.code, show(r)).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^ftpctl: ${PLAN}: the host changed since this plan was made: package:vsftpd \\(was not installed, now installed\\)`, "m"));
    expect(await hostState()).toBe(before);
  });

  it("a fresh plan file applied after the config was edited by hand is refused, naming the config, and nothing changes", async () => {
    expect(ENGINE, "the built CLI (npm run build) has the apply command").toBe(true);
    const p = await ftpctl(["plan", PROFILE, "--output", FRESH]);
    expect(p.code, show(p)).toBe(0);
    expect(p.stdout).toMatch(/^No changes: /m);
    const conf = c().readFile("/etc/vsftpd.conf")!;
    expect((await c().exec(["sh", "-c", "echo 'max_clients=5' >> /etc/vsftpd.conf"])).code).toBe(0);
    const before = await hostState();
    const r = await ftpctl(["apply", FRESH, "--yes"]);
    expect(r.code, show(r)).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^ftpctl: ${FRESH}: the host changed since this plan was made: file:/etc/vsftpd\\.conf \\(`));
    expect(lines[0]).toMatch(/refusing to apply it, nothing was changed/);
    expect(r.stdout).toBe("");
    expect(await hostState()).toBe(before);
    expect(c().readFile("/etc/vsftpd.conf")).toBe(`${conf}max_clients=5\n`);

    // Put back as it was, the host is again what the plan was made from: it applies, with nothing to do.
    expect((await c().exec(["tee", "/etc/vsftpd.conf"], { input: conf })).code).toBe(0);
    const ok = await ftpctl(["apply", FRESH, "--yes"]);
    expect(ok.code, show(ok)).toBe(0);
    expect(ok.stdout).toMatch(/^0 changed, \d+ ok$/m);
  });

  it("a fresh plan file applied after an account was removed by hand is refused, naming the account", async () => {
    expect(ENGINE, "the built CLI (npm run build) has the apply command").toBe(true);
    expect((await c().exec(["userdel", "ftp"])).code).toBe(0);
    const before = await hostState();
    const r = await ftpctl(["apply", FRESH, "--yes", "--json"]);
    expect(r.code, show(r)).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^ftpctl: ${FRESH}: the host changed since this plan was made: account:ftp \\(was home /srv/ftp, shell /usr/sbin/nologin, now absent\\)`, "m"));
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: expect.stringContaining("account:ftp") });
    expect(await hostState()).toBe(before);
  });
});
