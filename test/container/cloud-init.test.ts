/**
 * The exported #cloud-config user-data provisions a brand-new server at
 * first boot. A fresh Debian 12 container gets Debian's cloud-init from its
 * apt cache (nothing is installed on the host) and the export as its NoCloud
 * seed (/var/lib/cloud/seed/nocloud/{user-data,meta-data}). There:
 * `cloud-init schema --config-file` validates the export; after boot,
 * cloud-init has finished without errors, vsftpd serves the profile's FTP
 * (anonymous download, alice's login with the password the export hashed),
 * and `ftpctl plan` inside finds nothing to change: the state apply reaches.
 * No network inside: no package_update, packages come from the apt cache.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { bootContainer, builtCliHas, CONTAINER_TOOLS, ensureRootfs, type Container, type RunResult } from "../helpers/container.js";
import { describeWithTools } from "../helpers/require-tool.js";
import { fleetProfile } from "../export/helpers.js";

const CHECKOUT = fileURLToPath(new URL("../..", import.meta.url));
const HAS_EXPORT = builtCliHas(CHECKOUT, "export");
const FTPCTL = ["node", "/opt/ftpctl/bin/ftpctl.js"];
const PASSWORD = "cloud-init-set-me";
const SEED = "var/lib/cloud/seed/nocloud";

const show = (r: RunResult) => `exit ${r.code}\n--- stdout\n${r.stdout.slice(-6000)}\n--- stderr\n${r.stderr.slice(-4000)}`;

describeWithTools("the exported cloud-init user-data on a brand-new Debian 12 server", [...CONTAINER_TOOLS, "sandbox"], () => {
  let work: string;
  let profileDir: string;
  let userData = "";
  let box: Container | undefined;
  const figures: string[] = [];

  beforeAll(async () => {
    await ensureRootfs((l) => figures.push(l));
    work = mkdtempSync("/tmp/ftpctl-cloud-init-");
    // Under /srv, which the test sandbox overlays; the same path inside, so the config's header (which names the profile) matches.
    profileDir = mkdtempSync("/srv/ftpctl-export-");
    writeFileSync(join(profileDir, "alice.pw"), `${PASSWORD}\n`, { mode: 0o600 });
    writeFileSync(join(profileDir, "fleet.yaml"), fleetProfile(join(profileDir, "alice.pw")));
    if (!HAS_EXPORT) return;
    const out = join(work, "user-data");
    execFileSync(process.execPath, [join(CHECKOUT, "bin/ftpctl.js"), "export", "cloud-init", join(profileDir, "fleet.yaml"), "-o", out]);
    userData = readFileSync(out, "utf8");
    const t0 = Date.now();
    box = await bootContainer({
      checkout: CHECKOUT,
      install: ["cloud-init"],
      // First boot runs every cloud-init stage, the package install among them, before the system is "running".
      bootTimeoutMs: 600_000,
      prepare(root) {
        mkdirSync(join(root, SEED), { recursive: true });
        writeFileSync(join(root, SEED, "user-data"), userData, { mode: 0o600 });
        writeFileSync(join(root, SEED, "meta-data"), "instance-id: iid-ftpctl-export-test\nlocal-hostname: ftpctl-cloud-init\n");
        // The test image is debootstrap's minbase, without the locales package, so cloud-init's
        // default locale (en_US.UTF-8) cannot be set there; cloud images ship it. The image's
        // settings, not the export: C.UTF-8 is built into glibc.
        writeFileSync(join(root, "etc/cloud/cloud.cfg.d/90-ftpctl-test-image.cfg"), "locale: C.UTF-8\n");
        mkdirSync(join(root, profileDir.slice(1)), { recursive: true, mode: 0o700 });
        for (const f of ["fleet.yaml", "alice.pw"]) writeFileSync(join(root, profileDir.slice(1), f), readFileSync(join(profileDir, f)), { mode: 0o600 });
      },
    });
    figures.push(`copied, cloud-init installed and booted through cloud-init's first boot in ${((Date.now() - t0) / 1000).toFixed(1)} s (nspawn to running: ${box.bootMs} ms)`);
  }, 20 * 60_000);

  afterAll(async () => {
    await box?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    if (figures.length) console.info(`cloud-init: ${figures.join("; ")}`);
  }, 120_000);

  const c = () => box!;

  it("the export is valid #cloud-config for Debian's cloud-init (cloud-init schema)", async () => {
    expect(HAS_EXPORT, "the built CLI (npm run build) has the export command").toBe(true);
    expect(userData.startsWith("#cloud-config\n")).toBe(true);
    expect(userData).not.toContain(PASSWORD);
    expect(userData).not.toMatch(/package_update|package_upgrade/);
    const r = await c().exec(["cloud-init", "schema", "--config-file", `/${SEED}/user-data`], { timeoutMs: 120_000 });
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toMatch(/Valid cloud-config/);
  });

  it("cloud-init ran every stage at first boot, without errors", async () => {
    expect(HAS_EXPORT, "the built CLI (npm run build) has the export command").toBe(true);
    const r = await c().exec(["cloud-init", "status", "--long", "--wait"], { timeoutMs: 600_000 });
    figures.push(`cloud-init status: ${r.stdout.split("\n").find((l) => l.startsWith("status:")) ?? r.stdout.trim()}`);
    expect(r.code, `${show(r)}\n--- cloud-init-output.log\n${(c().readFile("/var/log/cloud-init-output.log") ?? "").slice(-4000)}`).toBe(0);
    expect(r.stdout).toMatch(/^status: done$/m);
    expect(r.stdout).toMatch(/^DataSourceNoCloud \[seed=\/var\/lib\/cloud\/seed\/nocloud\]/m);
    expect(r.stdout).toMatch(/^boot_status_code: enabled-by-generator$/m);
  }, 600_000);

  it("comes up serving FTP: anonymous download, alice's login with the password the export hashed", async () => {
    expect(HAS_EXPORT, "the built CLI (npm run build) has the export command").toBe(true);
    expect((await c().exec(["systemctl", "is-enabled", "vsftpd"])).stdout.trim()).toBe("enabled");
    expect((await c().exec(["systemctl", "is-active", "vsftpd"])).stdout.trim()).toBe("active");
    expect((await c().exec(["tee", "/srv/ftp/hello.txt"], { input: "hello from cloud-init\n" })).code).toBe(0);
    const get = await c().execNet(["curl", "-sS", "--max-time", "10", "ftp://127.0.0.1/hello.txt"], { timeoutMs: 20_000 });
    expect(get.code, show(get)).toBe(0);
    expect(get.stdout).toBe("hello from cloud-init\n");
    // The password reaches curl in a config file, never on its command line.
    writeFileSync(join(work, "curlrc"), `user = "alice:${PASSWORD}"\n`, { mode: 0o600 });
    const list = await c().execNet(["curl", "-sS", "--max-time", "10", "-K", join(work, "curlrc"), "ftp://127.0.0.1/"], { timeoutMs: 20_000 });
    expect(list.code, show(list)).toBe(0);
    expect(list.stdout).toMatch(/\bfiles$/m);
  }, 120_000);

  it("ftpctl plan inside then reports no changes: the same state as apply", async () => {
    expect(HAS_EXPORT, "the built CLI (npm run build) has the export command").toBe(true);
    const plan = await c().exec([...FTPCTL, "plan", join(profileDir, "fleet.yaml"), "--detailed-exitcode"], { timeoutMs: 300_000 });
    expect(plan.code, show(plan)).toBe(0);
    expect(plan.stdout).toMatch(/alice's password matches file /);
  }, 300_000);
});
