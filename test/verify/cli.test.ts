/**
 * `ftpctl verify` as an operator and a monitoring system run it: the table,
 * lint's JSON schema, JUnit, the Nagios plugin line and its exit codes, and
 * one clear line for what cannot be checked at all.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadServedConfig } from "../../src/server/config.js";
import { serverOptions } from "../../src/server/options.js";
import { startServer, type RunningServer } from "../../src/server/server.js";
import { ftpctl, REPO } from "../cli/ftpctl.js";
import { freePort } from "../helpers/ports.js";

const schema = JSON.parse(readFileSync(`${REPO}schemas/lint-result.schema.json`, "utf8")) as object;
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);

let dir = "";
let server: RunningServer;
let profile = "";
let loose = "";

beforeAll(async () => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "ftpctl-verify-cli-")));
  const root = join(dir, "root");
  mkdirSync(root);
  writeFileSync(join(root, "readme.txt"), "hello\n");
  chmodSync(root, 0o555);
  profile = join(dir, "anonymous.yaml");
  writeFileSync(profile, "extends: [anonymous]\nlisten:\n  address: 127.0.0.1\n");
  // What the server runs: anonymous upload on, which the profile forbids.
  loose = join(dir, "loose.yaml");
  writeFileSync(loose, "extends: [anonymous]\nanonymous:\n  upload: true\n");
  const cfg = loadServedConfig(profile, { distro: "debian" });
  server = await startServer(serverOptions(cfg.get, { address: "127.0.0.1", port: 0, root }));
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const at = () => ["--host", "127.0.0.1", "--port", String(server.port), "--distro", "debian"];

describe("verify's output", () => {
  it("text: a line per check as it ends, then the counts; exit 0 when all pass", async () => {
    const r = await ftpctl(["verify", profile, ...at()]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^ftpctl verify ftp://127\\.0\\.0\\.1:${server.port} against ${profile}\\n`));
    expect(r.stdout).toMatch(/^ {2}pass {2}anonymous upload +STOR is refused, as declared {2}\[550 Permission denied\.\]$/m);
    expect(r.stdout).toMatch(/^\d+ passed, 0 failed, \d+ skipped \(\d+ ms\)\n$/m);
  });

  it("a server that does more than the profile says: exit 1, the check named", async () => {
    const r = await ftpctl(["verify", loose, ...at()]);
    // The server refuses uploads and the profile allows them: the check fails either way round.
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^ {2}fail {2}anonymous upload +STOR is refused by the server's switch, but anon_upload_enable/m);
  });

  it("--json: lint's finding schema, failures as errors", async () => {
    const r = await ftpctl(["verify", loose, ...at(), "--json"]);
    expect(r.exitCode).toBe(1);
    const doc = JSON.parse(r.stdout) as { files: { findings: { rule: string; severity: string }[] }[] };
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.files[0]!.findings.filter((f) => f.severity === "error").map((f) => f.rule)).toEqual(["anonymous-upload"]);
  });

  it("--format junit: one testcase per check, the failure with its reason", async () => {
    const r = await ftpctl(["verify", loose, ...at(), "--format", "junit"]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuite name="ftpctl verify 127\.0\.0\.1:\d+" tests="17" failures="1" errors="0" skipped="\d+"/);
    expect(r.stdout.match(/<testcase /g)).toHaveLength(17);
    expect(r.stdout).toMatch(/<testcase classname="ftpctl\.verify\.127\.0\.0\.1" name="VSF904 anonymous upload" time="[\d.]+">\n {4}<failure message="STOR is refused by the server/);
  });

  it("--format nagios: OK with perfdata and exit 0; CRITICAL and exit 2 on a failure", async () => {
    const ok = await ftpctl(["verify", profile, ...at(), "--format", "nagios"]);
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toMatch(/^FTP OK - \d+ checks passed \| time=[\d.]+s login=[\d.]+s failed=0;;1;0\n$/);
    const bad = await ftpctl(["verify", loose, ...at(), "--format", "nagios"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stdout).toMatch(/^FTP CRITICAL - anonymous-upload: .* \| time=/);
  });
});

describe("what verify cannot check", () => {
  it("nothing listening: one line, exit 2 (Nagios: CRITICAL, exit 2)", async () => {
    const port = String(await freePort());
    const r = await ftpctl(["verify", profile, "--host", "127.0.0.1", "--port", port, "--distro", "debian"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^ftpctl: cannot reach 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED.*\\n$`));
    const n = await ftpctl(["verify", profile, "--host", "127.0.0.1", "--port", port, "--distro", "debian", "--format", "nagios"]);
    expect(n.exitCode).toBe(2);
    expect(n.stdout).toMatch(/^FTP CRITICAL - cannot reach /);
  });

  it.each([
    [["--user", "alice"], "--user and --password-file go together"],
    [["--only", "banner,nope"], "--only: unknown check 'nope'"],
    [["--fingerprint", "AB:CD"], "--fingerprint takes a SHA-256 fingerprint"],
    [["--port", "70000"], "--port takes 1..65535"],
  ])("%j: one line, exit 2", async (extra, message) => {
    const r = await ftpctl(["verify", profile, "--host", "127.0.0.1", "--distro", "debian", ...extra]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("--host is required", async () => {
    const r = await ftpctl(["verify", profile]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^ftpctl: Missing required argument: host \(see 'ftpctl verify --help'\)\n$/);
  });
});
