/**
 * Standard input and machine output through the built CLI: `-` reads
 * standard input for every command that reads a profile or a config,
 * passwords from standard input go through the one bounded reader (a pipe
 * that fills late is waited for), a machine format gets one JSON document
 * even when the command cannot run, and names holding control characters
 * reach findings escaped.
 */
import { existsSync, lchownSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { requireTool } from "../helpers/require-tool.js";
import { BIN, ftpctl, NODE } from "./ftpctl.js";

const dir = mkdtempSync(join(tmpdir(), "ftpctl-stdin-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => join(dir, name);
function file(name: string, content: string): string {
  writeFileSync(at(name), content);
  return at(name);
}

const profileText = "extends: [anonymous]\n";
const profile = file("p.yaml", profileText);
const conf = file("good.conf", "listen=YES\nanonymous_enable=NO\nlocal_enable=YES\n");
const pwProfile = file("pw.yaml", "extends: [local]\nusers:\n  - name: alice\n    password: {stdin: true}\n");
const stage = at("stage");
mkdirSync(stage);
// A decoy in the working directory: a command that ignores '-' reads this instead.
file("ftpctl.yaml", "extends: [dropbox]\n");

describe("passwords from standard input", () => {
  // `(sleep 1; echo pw) | ftpctl plan`: the pipe is empty when ftpctl first reads it.
  for (const json of [false, true]) {
    it(`waits for a pipe that fills late${json ? " (--json)" : ""}`, async () => {
      const child = execa(NODE, [BIN, "plan", "--root", stage, ...(json ? ["--json"] : []), pwProfile], {
        reject: false,
        env: { NO_COLOR: "1" },
        extendEnv: false,
        timeout: 30_000,
        cwd: dir,
      });
      setTimeout(() => child.stdin?.end("s3cret\n"), 1000);
      const r = await child;
      expect(r.stderr).not.toContain("internal error");
      expect(r.exitCode, r.stderr).toBe(0);
      if (json) expect(JSON.parse(String(r.stdout))).toHaveProperty("summary");
      else expect(String(r.stdout)).toMatch(/^Plan: /m);
      expect(String(r.stdout)).not.toContain("s3cret");
    });
  }
});

describe("'-' is standard input", () => {
  it.for([["render"], ["validate"], ["explain"], ["plan", "--root", stage]])("%s - reads the profile from standard input, not ./ftpctl.yaml", async (args) => {
    const r = await ftpctl([...args, "-"], { cwd: dir, input: "extends: [local]\n" });
    expect(r.exitCode, r.stderr).toBe(0);
    // The decoy extends dropbox; only the profile on standard input extends local.
    expect(r.stdout).not.toMatch(/dropbox|anon_upload_enable +YES/);
    if (args[0] === "render") expect(r.stdout).toMatch(/from standard input/);
    if (args[0] === "render") expect(r.stdout).toMatch(/^local_enable=YES$/m);
    if (args[0] === "validate") expect(r.stdout).toMatch(/extends local/);
    if (args[0] === "explain") expect(r.stdout).toMatch(/^local_enable YES .*builtin:local/m);
  });

  it("explain - reads a vsftpd.conf from standard input", async () => {
    const r = await ftpctl(["explain", "--changed", "-"], { cwd: dir, inputFile: conf });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^local_enable YES +# /m);
  });

  it("render -- FILE takes FILE, not ./ftpctl.yaml", async () => {
    const r = await ftpctl(["render", "--", profile], { cwd: dir, stdin: "ignore" });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`from ${profile}`);
  });

  it("import - reads the config from standard input", async () => {
    const r = await ftpctl(["import", "-"], { cwd: dir, inputFile: conf });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain("Imported by ftpctl from standard input");
  });

  it("import -o - -- - reads standard input, not the distro's config", async () => {
    const r = await ftpctl(["import", "--distro", "debian", "-o", "-", "--", "-"], { cwd: dir, inputFile: conf });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain("Imported by ftpctl from standard input");
    expect(r.stdout).not.toContain("/etc/vsftpd.conf");
  });

  it("--help says so for every command that reads a profile or a config", async () => {
    for (const cmd of ["render", "validate", "explain", "plan", "apply", "import", "lint"]) {
      const r = await ftpctl([cmd, "--help"], { stdin: "ignore" });
      expect(r.stdout.replace(/\s+/g, " "), cmd).toMatch(/'-'(:| reads) standard input/);
    }
  });
});

describe("machine formats: one document even when a file cannot be read", () => {
  it("lint -f json lists the unreadable file and counts it", async () => {
    const r = await ftpctl(["lint", "--distro", "debian", "-f", "json", conf, at("missing.conf")], { cwd: dir });
    expect(r.exitCode).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc.unprocessed).toEqual([{ file: at("missing.conf"), error: "no such file" }]);
    expect(doc.summary).toMatchObject({ files: 1, unprocessed: 1 });
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("lint -f json for readable files alone has no unprocessed key (the document is unchanged)", async () => {
    const doc = JSON.parse((await ftpctl(["lint", "--distro", "debian", "-f", "json", conf], { cwd: dir })).stdout);
    expect(doc).not.toHaveProperty("unprocessed");
    expect(doc.summary).not.toHaveProperty("unprocessed");
  });

  it("lint -f sarif reports it in an invocation's toolExecutionNotifications", async () => {
    const r = await ftpctl(["lint", "--distro", "debian", "-f", "sarif", conf, "missing.conf"], { cwd: dir });
    expect(r.exitCode).toBe(2);
    const inv = JSON.parse(r.stdout).runs[0].invocations;
    expect(inv).toEqual([
      {
        executionSuccessful: false,
        exitCode: 2,
        toolExecutionNotifications: [
          { level: "error", message: { text: "missing.conf: no such file" }, locations: [{ physicalLocation: { artifactLocation: { uri: "missing.conf", uriBaseId: "%SRCROOT%" } } }] },
        ],
      },
    ]);
  });

  it("a refused command line under --json is the shape plan and apply print on errors", async () => {
    for (const args of [["validate", "--json", profile, "--bogus"], ["cert", "inspect", "--json"], ["plan", "--json", "--root", stage, profile, "--bogus"]]) {
      const r = await ftpctl(args, { cwd: dir, stdin: "ignore" });
      expect(r.exitCode, args.join(" ")).toBe(2);
      const doc = JSON.parse(r.stdout);
      expect(Object.keys(doc)).toEqual(["ok", "error"]);
      expect(doc.ok).toBe(false);
      expect(r.stderr).toBe(`ftpctl: ${doc.error} (see 'ftpctl ${args[0] === "cert" ? "cert inspect" : args[0]} --help')\n`);
    }
  });
});

describe("names holding control characters", () => {
  it("render -o names the file it wrote escaped, on one line", async () => {
    const out = at("r\nx.conf");
    const r = await ftpctl(["render", profile, "-o", out], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toBe(`wrote ${dir}/r\\nx.conf\n`);
  });

  it("lint shows an existing file's name escaped in its findings", async () => {
    const f = file("a\nb.conf", "listen = YES\n");
    const r = await ftpctl(["lint", "--distro", "debian", f], { cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain(`${dir}/a\\nb.conf:1:7: error:`);
    for (const line of r.stdout.split("\n")) expect(line).not.toMatch(/^b\.conf/);
  });
});

describe("lint --fix writes through the one writer", () => {
  it("follows the caller's own link: the target is fixed, the link stays a link, the backup sits beside the target", async () => {
    mkdirSync(at("own"));
    const target = file("own/real.conf", "listen = YES\nanonymous_enable=NO\n");
    const link = at("own/vsftpd.conf");
    symlinkSync(target, link);
    const r = await ftpctl(["lint", "--distro", "debian", "--fix", link], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(readFileSync(target, "utf8")).toBe("listen=YES\nanonymous_enable=NO\n");
    expect(readFileSync(`${target}.bak`, "utf8")).toBe("listen = YES\nanonymous_enable=NO\n");
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(r.stdout).toContain(`original kept as ${target}.bak`);
  });

  it("refuses a link owned by another user, as render -o does", async (ctx) => {
    requireTool(ctx, "root"); // gives the link to nobody
    const victimDir = at("lf");
    const pub = at("pub");
    mkdirSync(victimDir);
    mkdirSync(pub, { mode: 0o1777 });
    const victim = join(victimDir, "victim.conf");
    writeFileSync(victim, "listen = YES\n");
    const link = join(pub, "x.conf");
    symlinkSync(victim, link);
    lchownSync(link, 65534, 65534);
    const r = await ftpctl(["lint", "--distro", "debian", "--fix", link], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/x\.conf: cannot write: .*x\.conf is a symbolic link owned by uid 65534; ftpctl follows only links owned by root or by you\n$/);
    expect(readFileSync(victim, "utf8")).toBe("listen = YES\n");
    expect(existsSync(`${victim}.bak`)).toBe(false);
    const rendered = await ftpctl(["render", profile, "-o", link], { cwd: dir });
    expect(rendered.exitCode).toBe(2);
    expect(rendered.stderr).toMatch(/symbolic link owned by uid 65534/);
  });
});
