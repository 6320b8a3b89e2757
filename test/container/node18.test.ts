/**
 * The single-file build on the Node a brand-new Debian 12 server has: its
 * own `nodejs` package (Node 18.20 in bookworm today) installed from the container's apt cache,
 * and dist/ftpctl.mjs copied in alone, as an operator copies it with scp
 * (test/helpers/container.ts). It is run as /usr/bin/node from /tmp, so
 * nothing but the one file is at hand: no node_modules, no templates/, no
 * other dist file. lint, render of a built-in profile, plan, then apply
 * --yes set the server up; a second plan finds nothing to change and a
 * client downloads over FTP.
 */
import { copyFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { bootContainer, CONTAINER_TOOLS, ensureRootfs, type Container, type RunResult } from "../helpers/container.js";
import { describeWithTools } from "../helpers/require-tool.js";

const CHECKOUT = fileURLToPath(new URL("../..", import.meta.url));
const SINGLE = `${CHECKOUT}dist/ftpctl.mjs`;
/** Where the operator's scp put it. */
const COPY = "/root/ftpctl.mjs";
const PROFILE = "/root/ftpctl.yaml";
const CONTENT = "served by Node 18's ftpctl\n";

const PROFILE_TEXT = `# The built-in anonymous profile, passive ports pinned for the firewall.
extends: [anonymous]
passive:
  minPort: 40000
  maxPort: 40009
`;

const show = (r: RunResult) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

describeWithTools("dist/ftpctl.mjs on Debian 12's own Node 18 (systemd-nspawn)", [...CONTAINER_TOOLS, "sandbox", "/usr/bin/curl"], () => {
  let box: Container | undefined;
  const figures: string[] = [];

  beforeAll(async () => {
    if (!existsSync(SINGLE)) throw new Error("dist/ftpctl.mjs is missing: run `npm run build` before this test");
    await ensureRootfs((l) => figures.push(l));
    box = await bootContainer({
      checkout: CHECKOUT,
      install: ["nodejs"],
      prepare: (root) => copyFileSync(SINGLE, `${root}${COPY}`),
    });
    figures.push(`booted in ${box.bootMs} ms`);
  }, 20 * 60_000);

  afterAll(async () => {
    await box?.stop();
    if (figures.length) console.info(`node18: ${figures.join("; ")}`);
  }, 60_000);

  const c = () => box!;
  /** `node ftpctl.mjs ARGS` with Debian's node, from /tmp, as an operator would after scp. */
  const ftpctl = (args: string[], input?: string) =>
    c().exec(["sh", "-c", 'cd /tmp && exec /usr/bin/node "$0" "$@"', COPY, ...args], { timeoutMs: 300_000, ...(input !== undefined ? { input } : {}) });

  it("runs on Debian's nodejs package, Node 18", async () => {
    const v = await c().exec(["/usr/bin/node", "--version"]);
    expect(v.stdout.trim()).toMatch(/^v18\.\d+\.\d+$/);
    const pkg = await c().exec(["dpkg-query", "-W", "-f=${Status} ${Version}", "nodejs"]);
    expect(pkg.stdout).toMatch(/^install ok installed 18\./);
    const r = await ftpctl(["--version"]);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("lint: finds what vsftpd would refuse, and passes a good config", async () => {
    expect((await c().exec(["tee", "/tmp/bad.conf"], { input: "listen=YES\nlisten_ipv6=YES\nanonymous_enable=YES\n" })).code).toBe(0);
    const bad = await ftpctl(["lint", "bad.conf"]);
    expect(bad.code, show(bad)).toBe(1);
    expect(bad.stdout).toMatch(/^bad\.conf:2:1: error: .*\[VSF201\]$/m);
    const json = await ftpctl(["lint", "--format", "json", "bad.conf"]);
    expect(json.code, show(json)).toBe(1);
    expect(JSON.stringify(JSON.parse(json.stdout))).toContain('"VSF201"');
  });

  it("render: a profile extending a built-in one, which the single file carries inside", async () => {
    expect((await c().exec(["tee", PROFILE], { input: PROFILE_TEXT })).code).toBe(0);
    const r = await ftpctl(["render", PROFILE, "--output", "/tmp/vsftpd.conf"]);
    expect(r.code, show(r)).toBe(0);
    const conf = c().readFile("/tmp/vsftpd.conf") ?? "";
    expect(conf).toMatch(/^anonymous_enable=YES$/m);
    expect(conf).toMatch(/^anon_root=\/srv\/ftp$/m);
    expect(conf).toMatch(/^pasv_min_port=40000$/m);
    const lint = await ftpctl(["lint", "/tmp/vsftpd.conf"]);
    expect(lint.code, show(lint)).toBe(0);
    // The built-in profiles and rule pages come from the file itself.
    const init = await ftpctl(["init", "--profile", "jailed", "--output=-"]);
    expect(init.code, show(init)).toBe(0);
    const page = await ftpctl(["rules", "VSF201"]);
    expect(page.code, show(page)).toBe(0);
    expect(page.stdout).toMatch(/^# VSF201 /);
  });

  it("plan shows the changes apply will make", async () => {
    const r = await ftpctl(["plan", PROFILE, "--detailed-exitcode"]);
    expect(r.code, show(r)).toBe(2);
    expect(r.stdout).toMatch(/vsftpd/);
  });

  it("apply --yes sets the server up, then plan finds nothing to change", async () => {
    const r = await ftpctl(["apply", PROFILE, "--yes"]);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toMatch(/^ {2}pass {2}anonymous login +anonymous login works, as declared/m);
    expect(r.stdout).not.toMatch(/^ {2}fail /m);
    expect((await c().exec(["systemctl", "is-active", "vsftpd"])).stdout.trim()).toBe("active");

    const plan = await ftpctl(["plan", PROFILE, "--detailed-exitcode"]);
    expect(plan.code, show(plan)).toBe(0);

    expect((await c().exec(["tee", "/srv/ftp/hello.txt"], { input: CONTENT })).code).toBe(0);
    const get = await c().execNet(["curl", "-sS", "--max-time", "10", "ftp://127.0.0.1/hello.txt"], { timeoutMs: 20_000 });
    expect(get.code, show(get)).toBe(0);
    expect(get.stdout).toBe(CONTENT);
  });
});
