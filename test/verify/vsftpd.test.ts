/**
 * verify against the real vsftpd: each built-in profile, rendered for
 * loopback and served by /usr/sbin/vsftpd, passes; each deliberate
 * misconfiguration (rendered into the served file only, never into the
 * expectations) fails the check that names it.
 */
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderPipeline, runPipeline } from "../../src/profile/pipeline.js";
import { configFromBytes } from "../../src/server/config.js";
import { verifyContext } from "../../src/verify/context.js";
import { runVerify } from "../../src/verify/run.js";
import type { CheckId, Status, VerifyReport } from "../../src/verify/types.js";
import { freePort } from "../helpers/ports.js";
import { describeWithTools } from "../helpers/require-tool.js";
import { createTestUser, removeTestUser, type TestUser } from "../helpers/users.js";
import { startVsftpd, stopAllVsftpd, stopVsftpd, VSFTPD, waitForListener } from "../helpers/vsftpd.js";
import { freePortRange } from "../live/port-range.js";
import { pair, type Pair } from "./certs.js";

let work = "";
let user: TestUser;
let good: { cert: string; key: string; pem: Pair };
let n = 0;

function dir(path: string, mode: number, owner?: TestUser): string {
  mkdirSync(path, { recursive: true });
  chmodSync(path, mode);
  if (owner) chownSync(path, owner.uid, owner.gid);
  return path;
}

/** Writes a pair where vsftpd (root) reads it. */
function pairFiles(name: string, p: Pair): { cert: string; key: string; pem: Pair } {
  const cert = `${work}/tls/${name}.pem`;
  const key = `${work}/tls/${name}.key`;
  writeFileSync(cert, p.cert, { mode: 0o644 });
  writeFileSync(key, p.key, { mode: 0o600 });
  return { cert, key, pem: p };
}

interface Outcome {
  readonly report: VerifyReport;
  readonly status: Partial<Record<CheckId, Status>>;
}

/**
 * Renders `extends: [profiles]` twice from the same loopback overrides:
 * with `fault` for the file vsftpd serves, without it for what verify expects.
 */
async function verifyReal(profiles: string, layout: readonly string[], fault: readonly string[] = [], o: { tls?: { cert: string; key: string; pem: Pair }; ca?: string; verifyChain?: boolean } = {}): Promise<Outcome> {
  const name = `v${n++}`;
  const port = await freePort();
  const range = await freePortRange(5, [port]);
  const file = `${work}/${name}.yaml`;
  writeFileSync(file, `extends: [${profiles}]\n`);
  const tls = o.tls ? [`tls.cert=${o.tls.cert}`, `tls.key=${o.tls.key}`] : [];
  const common = ["listen.address=127.0.0.1", `listen.port=${port}`, `passive.minPort=${range.min}`, `passive.maxPort=${range.max}`, "vsftpd.pam_service_name=vsftpd", "vsftpd.delay_failed_login=0", ...layout, ...tls];
  const render = (set: readonly string[]) => renderPipeline(runPipeline(file, { distro: "debian", set }), "verify-test", `${work}/${name}.conf`).text;
  const conf = `${work}/${name}.conf`;
  writeFileSync(conf, render([...common, ...fault]), { mode: 0o600 });
  const expected = configFromBytes(file, Buffer.from(render(common)), "debian");
  const proc = startVsftpd(conf, { port });
  try {
    const ready = await waitForListener(proc, ["127.0.0.1"]);
    if (ready.state !== "listening") throw new Error(`vsftpd did not start (${ready.state}): ${proc.oops()}`);
    const ca = o.ca ?? o.tls?.pem.cert;
    const ctx = verifyContext(expected.get, { host: "127.0.0.1", user: { name: user.name, password: user.password }, ...(ca ? { ca } : {}), verify: o.verifyChain ?? true, timeoutMs: 5000 });
    const report = await runVerify(ctx, { source: file });
    const status: Partial<Record<CheckId, Status>> = {};
    for (const r of report.results) status[r.id] = r.status;
    return { report, status };
  } finally {
    await stopVsftpd(proc);
  }
}

const failed = (o: Outcome) => o.report.results.filter((r) => r.status === "fail").map((r) => `${r.id}: ${r.reason}${r.reply ? ` [${r.reply}]` : ""}`);

describeWithTools("verify against the real vsftpd", ["root", "sandbox", VSFTPD], () => {
  let anonRoot = "";
  let localRoot = "";
  let jailRoot = "";

  beforeAll(async () => {
    work = mkdtempSync("/tmp/ftpctl-verify-real-");
    chmodSync(work, 0o755);
    dir(`${work}/tls`, 0o700);
    user = await createTestUser("ftpctl-verify");
    good = pairFiles("good", await pair(["localhost", "127.0.0.1"]));
    anonRoot = dir(`${work}/anon`, 0o755);
    dir(`${anonRoot}/incoming`, 0o733);
    writeFileSync(`${anonRoot}/readme.txt`, "hello\n");
    localRoot = dir(`${work}/local`, 0o755);
    dir(`${localRoot}/${user.name}`, 0o755, user);
    jailRoot = dir(`${work}/jail`, 0o755);
    const jail = dir(`${jailRoot}/${user.name}`, 0o755);
    dir(`${jail}/files`, 0o755, user);
    chmodSync(jail, 0o555);
  });

  afterAll(async () => {
    try {
      await stopAllVsftpd();
    } finally {
      if (user) await removeTestUser(user);
      if (work) rmSync(work, { recursive: true, force: true });
    }
  });

  const anon = () => [`anonymous.root=${anonRoot}`];
  const local = () => [`local.root=${localRoot}/$USER`];
  const jailed = () => [`local.root=${jailRoot}/$USER`];

  describe("each built-in profile passes", () => {
    it.each([
      ["anonymous", anon, ["anonymous-login", "anonymous-upload", "anonymous-mkdir", "anonymous-delete", "jail", "passive", "epsv", "active", "tls-offered"]],
      ["dropbox", anon, ["anonymous-login", "anonymous-upload", "anonymous-mkdir", "anonymous-delete", "jail"]],
      ["local", local, ["anonymous-login", "local-login", "jail", "round-trip", "passive", "epsv", "tls-forced"]],
      ["local, jailed", jailed, ["local-login", "jail", "round-trip", "passive"]],
    ] as const)("%s", async (profiles, layout, passing) => {
      const o = await verifyReal(profiles, layout());
      expect(failed(o)).toEqual([]);
      for (const id of passing) expect(o.status[id], id).toBe("pass");
    });

    it("local, jailed, ftps", async () => {
      const o = await verifyReal("local, jailed, ftps", jailed(), [], { tls: good });
      expect(failed(o)).toEqual([]);
      for (const id of ["local-login", "jail", "round-trip", "tls-offered", "tls-forced", "tls-data", "tls-old-protocols", "certificate"] as const) expect(o.status[id], id).toBe("pass");
    });

    it("leaves nothing behind in the user's directories", () => {
      expect(readdirSync(`${localRoot}/${user.name}`)).toEqual([]);
      expect(readdirSync(`${jailRoot}/${user.name}/files`)).toEqual([]);
      expect(readdirSync(`${anonRoot}/incoming`)).toEqual([]);
      expect(statSync(`${jailRoot}/${user.name}`).mode & 0o777).toBe(0o555);
    });
  });

  describe("each misconfiguration fails the check that names it", () => {
    it.each([
      ["anonymous upload enabled", "anonymous", anon, ["anonymous.upload=true"], "anonymous-upload"],
      ["chroot off for a jailed user", "local, jailed", jailed, ["jail.enabled=false"], "jail"],
      ["a passive range outside the declared one", "anonymous", anon, ["passive.minPort=1030", "passive.maxPort=1030"], "passive"],
      ["a wrong pasv_address", "anonymous", anon, ["passive.address=192.0.2.10"], "passive"],
    ] as const)("%s", async (_name, profiles, layout, fault, check) => {
      const o = await verifyReal(profiles, layout(), fault);
      expect(o.status[check], failed(o).join("\n")).toBe("fail");
    });

    it("TLS not forced", async () => {
      const o = await verifyReal("local, jailed, ftps", jailed(), ["tls.requireForLogin=false"], { tls: good });
      expect(o.status["tls-forced"], failed(o).join("\n")).toBe("fail");
    });

    it("an expired certificate", async () => {
      const expired = pairFiles("expired", await pair(["localhost", "127.0.0.1"], -30, -1));
      const o = await verifyReal("local, jailed, ftps", jailed(), [], { tls: expired, verifyChain: false });
      expect(o.status.certificate, failed(o).join("\n")).toBe("fail");
      expect(o.report.results.find((r) => r.id === "certificate")!.reason).toMatch(/^it expired on /);
    });

    it("a certificate for another host name", async () => {
      const other = pairFiles("other", await pair(["ftp.example.org"]));
      const o = await verifyReal("local, jailed, ftps", jailed(), [], { tls: other, verifyChain: false });
      expect(o.status.certificate, failed(o).join("\n")).toBe("fail");
      expect(o.report.results.find((r) => r.id === "certificate")!.reason).toMatch(/does not name 127\.0\.0\.1/);
    });
  });
});
