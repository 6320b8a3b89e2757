/**
 * The package as a new user gets it: a fresh `git clone` of this checkout
 * (node_modules linked from the checkout, so nothing is downloaded), `npm pack`
 * (which builds dist/ through `prepare`), then `npm i -g --prefix` of the
 * tarball into a temp prefix. The installed `ftpctl` lints and serves, `npx`
 * runs it, and a project that installs the tarball imports the library API
 * and type-checks against its declarations. npm's cache, HOME and ftpctl's
 * compile cache all live in the test's temp dir: the machine is left alone.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, expect, it } from "vitest";
import { REPO } from "../cli/ftpctl.js";
import { describeWithTools } from "../helpers/require-tool.js";

const MB = 1_000_000;

interface PackResult {
  readonly filename: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly files: readonly { readonly path: string; readonly size: number }[];
}

describeWithTools("the npm package from a fresh clone", ["/usr/bin/git", "/usr/bin/npm"], () => {
  let tmp: string;
  let clone: string;
  let prefix: string;
  let env: Record<string, string>;
  let pack: PackResult;
  const run = async (file: string, args: readonly string[], options: { cwd?: string; timeout?: number } = {}) => {
    const r = await execa(file, args, { env, extendEnv: false, reject: false, timeout: 240_000, ...options });
    return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
  };

  beforeAll(async () => {
    tmp = realpathSync(mkdtempSync(join(tmpdir(), "ftpctl-pack-")));
    clone = join(tmp, "clone");
    prefix = join(tmp, "prefix");
    mkdirSync(join(tmp, "home"), { mode: 0o700 });
    env = {
      PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
      HOME: join(tmp, "home"),
      XDG_CACHE_HOME: join(tmp, "home/.cache"),
      npm_config_cache: join(tmp, "npm-cache"),
      npm_config_update_notifier: "false",
      npm_config_audit: "false",
      npm_config_fund: "false",
      NO_COLOR: "1",
    };
    const cloned = await run("git", ["clone", "--quiet", REPO, clone]);
    expect(cloned.stderr).toBe("");
    symlinkSync(realpathSync(join(REPO, "node_modules")), join(clone, "node_modules"));
    expect(existsSync(join(clone, "dist")), "a fresh clone has no dist/").toBe(false);
    const packed = await run("npm", ["pack", "--json", "--offline"], { cwd: clone });
    expect(packed.exitCode, packed.stderr).toBe(0);
    // `prepare` prints the build's output before npm's JSON.
    const json = packed.stdout.slice(packed.stdout.indexOf("[\n"));
    pack = (JSON.parse(json) as PackResult[])[0]!;
    const installed = await run("npm", ["i", "-g", "--offline", "--prefix", prefix, join(clone, pack.filename)]);
    expect(installed.exitCode, installed.stderr).toBe(0);
  }, 600_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("packs at most 1 MB (4 MB unpacked), with dist/ and its types but no source maps or code caches", () => {
    const paths = pack.files.map((f) => f.path);
    console.log(`ftpctl tarball: ${pack.size} bytes packed, ${pack.unpackedSize} unpacked, ${paths.length} files`);
    expect(pack.size).toBeLessThanOrEqual(1 * MB);
    expect(pack.unpackedSize).toBeLessThanOrEqual(4 * MB);
    expect(paths).toEqual(expect.arrayContaining(["bin/ftpctl.js", "dist/cli.js", "dist/index.js", "dist/types/index.d.ts", "package.json", "man/ftpctl.1"]));
    expect(paths.filter((p) => /\.(map|cache)$/.test(p))).toEqual([]);
    expect(paths.filter((p) => /^(src|test|bench|scripts|node_modules)\//.test(p))).toEqual([]);
  });

  it("needs nothing at run time: no dependencies, and the installed tree holds ftpctl alone", () => {
    const pkg = JSON.parse(readFileSync(join(prefix, "lib/node_modules/ftpctl/package.json"), "utf8")) as { dependencies?: object };
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(existsSync(join(prefix, "lib/node_modules/ftpctl/node_modules"))).toBe(false);
  });

  it("the installed ftpctl lints a config, and writes its compile cache under the user's cache dir", async () => {
    const bin = join(prefix, "bin/ftpctl");
    const clean = await run(bin, ["lint", "--distro", "debian", join(REPO, "examples/anonymous-readonly.conf")]);
    expect(clean.stderr).toBe("");
    expect(clean.exitCode).toBe(0);
    const typo = join(tmp, "typo.conf");
    writeFileSync(typo, "listen=YES\nanonymous_enabel=YES\n");
    const refused = await run(bin, ["lint", "--distro", "debian", "--format", "json", typo]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toMatch(/"code": "VSF1\d\d"/);
    // Caches are made on this machine, for this Node, in the cache dir of the user who ran it.
    const caches = join(tmp, `home/.cache/ftpctl/v8-${process.version}-${process.arch}`);
    expect(existsSync(join(caches, "cli.js.cache"))).toBe(true);
  });

  it("the installed ftpctl serves on loopback until it is stopped by PID", async () => {
    const root = join(tmp, "root");
    mkdirSync(root);
    writeFileSync(join(root, "hello.txt"), "hello\n", { mode: 0o644 });
    const child = spawn(join(prefix, "bin/ftpctl"), ["serve", join(REPO, "examples/anonymous-readonly.conf"), "--port", "0", "--root", root], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      let out = "";
      let err = "";
      child.stderr.on("data", (d) => (err += String(d)));
      const url = await new Promise<URL>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no 'serving' line within 30 s; stderr: ${err}`)), 30_000);
        child.stdout.on("data", (d) => {
          out += String(d);
          const m = /^serving (ftp:\/\/\S+)/m.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(new URL(m[1]!));
          }
        });
        child.once("exit", (code) => reject(new Error(`ftpctl serve exited ${code}: ${err}`)));
      });
      expect(url.hostname).toBe("127.0.0.1");
      const greeting = await new Promise<string>((resolve, reject) => {
        const s = connect(Number(url.port), "127.0.0.1");
        s.setTimeout(10_000, () => reject(new Error("no greeting")));
        s.once("error", reject);
        s.once("data", (d) => {
          resolve(String(d).trim());
          s.end("QUIT\r\n");
        });
      });
      expect(greeting).toBe("220 (vsFTPd 3.0.3)");
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });

  it("runs through npx from the tarball", async () => {
    const r = await run("npx", ["--yes", "--offline", "--package", join(clone, pack.filename), "--", "ftpctl", "--version"], { cwd: tmp });
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).version);
  });

  it("a project that installs the tarball imports lint, render and startServer, and type-checks against the declarations", async () => {
    const project = join(tmp, "project");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "uses-ftpctl", private: true, type: "module" }));
    const installed = await run("npm", ["i", "--offline", join(clone, pack.filename)], { cwd: project });
    expect(installed.exitCode, installed.stderr).toBe(0);
    const program = `
      import { lint, render, startServer, serverOptions, configFromBytes, ProfileError, type Finding } from "ftpctl";
      import { connect } from "node:net";
      const findings: readonly Finding[] = lint("listen=YES\\nanonymous_enable=YES\\nanon_upload_enable=YES\\n", { distro: "debian" }).findings;
      const conf = render("ftpctl.yaml", { distro: "debian", text: "extends: [anonymous]\\n" }).text;
      let refused = false;
      try {
        render("bad.yaml", { distro: "debian", text: "nope: 1\\n" });
      } catch (err) {
        refused = err instanceof ProfileError;
      }
      const cfg = configFromBytes("vsftpd.conf", Buffer.from(conf), "debian");
      const server = await startServer(serverOptions(cfg.get, { root: ${JSON.stringify(project)}, port: 0 }));
      const greeting = await new Promise<string>((resolve) => {
        const s = connect(server.port, "127.0.0.1");
        s.once("data", (d) => { resolve(String(d).trim()); s.destroy(); });
      });
      await server.close();
      console.log(JSON.stringify({ codes: findings.map((f) => f.code), anonymous: /^anonymous_enable=YES$/m.test(conf), refused, greeting }));
    `;
    writeFileSync(join(project, "main.ts"), program);
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noEmit: true,
          types: ["node"],
          typeRoots: [join(realpathSync(join(REPO, "node_modules")), "@types")],
        },
        files: ["main.ts"],
      }),
    );
    const tsc = await run(process.execPath, [join(REPO, "node_modules/typescript/bin/tsc"), "-p", project], { cwd: project });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.exitCode).toBe(0);
    // The same program as plain JavaScript, run by Node from the project.
    const js = program.replace(", type Finding", "").replace(": readonly Finding[]", "").replace("new Promise<string>", "new Promise");
    writeFileSync(join(project, "main.mjs"), js);
    const r = await run(process.execPath, ["main.mjs"], { cwd: project, timeout: 30_000 });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ codes: ["VSF605"], anonymous: true, refused: true, greeting: "220 (vsFTPd 3.0.3)" });
    expect(r.exitCode).toBe(0);
  });
});
