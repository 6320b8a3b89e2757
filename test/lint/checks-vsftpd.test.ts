/**
 * The VSF2xx/VSF3xx rules against the real /usr/sbin/vsftpd (Debian 3.0.3):
 * a rule reports an error exactly when the binary refuses with that rule's
 * message, at startup, at session start, or at PASV. The address and cipher
 * inputs are the corner cases of checks/inet.ts, checks/ipv6.ts and
 * checks/ciphers.ts.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { lintBytes } from "../../src/lint/linter.js";
import type { Rule } from "../../src/lint/rule.js";
import VSF203 from "../../src/lint/rules/VSF203-bad-listen-address.js";
import VSF204 from "../../src/lint/rules/VSF204-bad-listen-address6.js";
import VSF205 from "../../src/lint/rules/VSF205-bad-ssl-ciphers.js";
import VSF210 from "../../src/lint/rules/VSF210-no-access.js";
import VSF211 from "../../src/lint/rules/VSF211-empty-secure-chroot-dir.js";
import VSF212 from "../../src/lint/rules/VSF212-one-process-local.js";
import VSF213 from "../../src/lint/rules/VSF213-ftp-and-http-disabled.js";
import VSF214 from "../../src/lint/rules/VSF214-http-needs-one-process.js";
import VSF215 from "../../src/lint/rules/VSF215-ptrace-sandbox-64bit.js";
import VSF301 from "../../src/lint/rules/VSF301-bad-pasv-address.js";
import { freePort } from "../helpers/ports.js";
import { describeWithTools } from "../helpers/require-tool.js";
import { startVsftpd, stopAllVsftpd, stopVsftpd, VSFTPD, waitForListener } from "../helpers/vsftpd.js";

const OPENSSL = "/usr/bin/openssl";
const CONCURRENCY = 4;

const LISTEN_ADDRESSES = [
  "127.0.0.1", "127.1", "127.0.1", "0x7f.0.0.1", "0X7f.1", "0177.0.0.1", "2130706433", "0x7f000001", "017700000001",
  "127.0.0.1 junk", "127.0.0.1\tjunk", "127.0.0.1\r", " 127.0.0.1", "2130706433 x", "127.0.65535", "127.65536", "0",
  "0127.0.0.1", "127.0.0.1.", "127.0.0.256", "08.0.0.1", "0x.0.0.1", "localhost", "127.0.0.1junk", "4294967296",
  "127..0.1", ".127.0.0.1", "1.2.3.4.5", "::1", "'127.0.0.1'", "+127.0.0.1",
];

const LISTEN_ADDRESSES6 = [
  "::1", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1", "::FFFF:7F00:1", "::", "00000000001::1", "0000::0001", "::1:", "1::2:",
  "::01.002.3.4", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "1:2", "0", "127.0.0.1", "2001:db8::",
  "fe80::1%lo", "::1%lo", "::1%", "::1%zz zz", "::1x%lo",
  "[::1]", "::1]", "1::2::3", ":::1", "::1:::", "::1.2.3.4.5", "1:2:3:4:5:6:7:8:9", "::g", "::10000", "::1 junk",
  "::1.", "::1/128", "localhost", ":1",
];

const CIPHERS = [
  "HIGH", "BOGUS", "TLS_AES_128_GCM_SHA256", "ECDHE-RSA-AES256-GCM-SHA384:BOGUS", "!ALL", "DEFAULT@SECLEVEL=2",
  "TLS_AES_128_GCM_SHA256:HIGH", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384 HIGH",
  "HIGH;!aNULL", "@SECLEVEL=5", "DEFAULT@SECLEVEL=5", "PROFILE=SYSTEM", "DES-CBC3-SHA", "TLSv1.3", "::", "HIGH:!",
  "HIGH # comment", "'HIGH'", "ecdhe-rsa-aes256-gcm-sha384", "HIGH:@STRENGTH", "@STRENGTH", " HIGH \r",
  "TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384",
];

/** Session-start refusals: the greeting is the OOPS. */
const SESSION_CASES: readonly (readonly [Rule, readonly string[]])[] = [
  [VSF210, ["anonymous_enable=NO", "local_enable=NO"]],
  [VSF210, ["anonymous_enable=NO"]],
  [VSF210, ["anonymous_enable=NO", "local_enable=YES"]],
  [VSF211, ["secure_chroot_dir="]],
  [VSF211, ["secure_chroot_dir"]],
  [VSF211, ["secure_chroot_dir=", "one_process_model=YES"]],
  [VSF211, ["secure_chroot_dir=", "run_as_launching_user=YES"]],
  [VSF212, ["one_process_model=YES", "local_enable=YES"]],
  // run_as_launching_user=YES with local_enable=YES greets, then refuses at login: the fidelity corpus has it.
  [VSF213, ["ftp_enable=NO"]],
  [VSF213, ["ftp_enable=NO", "http_enable=YES", "one_process_model=YES"]],
  [VSF214, ["http_enable=YES"]],
  [VSF214, ["http_enable=YES", "run_as_launching_user=YES"]],
  [VSF215, ["one_process_model=YES", "ptrace_sandbox=YES"]],
  [VSF215, ["run_as_launching_user=YES", "ptrace_sandbox=YES"]],
  [VSF215, ["ptrace_sandbox=YES"]],
];

const PASV_ADDRESSES = ["10.1.2.3", "'10.1.2.3'", "ftp.example.com", "::1", "10.1", "010.0.0.1", "10.1.2.3 junk", "10.1.2.3.", "10.1.2.300"];

const MESSAGES: ReadonlyMap<Rule, string> = new Map<Rule, string>([
  [VSF203, "bad listen_address:"],
  [VSF204, "bad listen_address6:"],
  [VSF205, "SSL: could not set cipher list"],
  [VSF210, "both local and anonymous access disabled!"],
  [VSF211, "not found: directory given in 'secure_chroot_dir'"],
  [VSF212, "'one_process_model' is anonymous only"],
  [VSF213, "both FTP and HTTP disabled!"],
  [VSF214, "HTTP needs 'one_process_model'"],
  [VSF215, "could not allocate sandbox"],
  [VSF301, "invalid pasv_address"],
]);

async function mapLimit<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return out;
}

describeWithTools("VSF2xx/VSF3xx rules agree with /usr/sbin/vsftpd", ["root", VSFTPD, OPENSSL], () => {
  const dir = mkdtempSync("/tmp/ftpctl-netrules-");
  const cert = join(dir, "cert.pem");
  const key = join(dir, "key.pem");
  const anonRoot = join(dir, "anon");
  let n = 0;

  beforeAll(() => {
    execFileSync(OPENSSL, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost"], { stdio: "ignore" });
    // Anonymous sessions refuse a chroot root the ftp user can write to.
    mkdirSync(anonRoot, { mode: 0o555 });
  });
  afterAll(async () => {
    await stopAllVsftpd();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Did the rule report an error for this config (Debian, standalone)? */
  function ruleErrs(rule: Rule, conf: string): boolean {
    const { findings } = lintBytes({ file: "t.conf", bytes: Buffer.from(conf), options: { distro: "debian", standalone: true }, rules: [rule] });
    return findings.some((f) => f.severity === "error");
  }

  /** Runs vsftpd on `conf`; `session` talks to it once it listens. Returns everything vsftpd said. */
  async function observe(conf: string, hosts: readonly string[], session?: (port: number) => Promise<string>): Promise<string> {
    const file = join(dir, `c${n++}.conf`);
    writeFileSync(file, conf);
    const proc = startVsftpd(file, { port: await freePort(), captureDir: mkdtempSync(join(dir, "run-")) });
    try {
      const ready = await waitForListener(proc, hosts);
      const said = ready.state === "listening" && session ? await session(proc.port).catch((e: Error) => e.message) : "";
      return proc.oops() + said;
    } finally {
      await stopVsftpd(proc);
    }
  }

  async function agree(rule: Rule, confs: readonly string[], hosts: (conf: string) => readonly string[], session?: (port: number) => Promise<string>) {
    const message = MESSAGES.get(rule)!;
    const rows = await mapLimit(confs, async (conf) => {
      const said = await observe(conf, hosts(conf), session);
      return { conf, vsftpd: said.includes(message), lint: ruleErrs(rule, conf), said };
    });
    const wrong = rows.filter((r) => r.vsftpd !== r.lint).map((r) => `${JSON.stringify(r.conf)}: vsftpd ${r.vsftpd ? "refuses" : "accepts"} (${JSON.stringify(r.said.trim())}), lint ${r.lint ? "errs" : "is silent"}`);
    expect(wrong).toEqual([]);
    // The corner cases have to exercise both outcomes to prove anything.
    expect(new Set(rows.map((r) => r.vsftpd)).size).toBe(2);
  }

  it("VSF203: listen_address", async () => {
    const confs = LISTEN_ADDRESSES.map((a) => `background=NO\nlisten=YES\nlisten_address=${a}\n`);
    await agree(VSF203, confs, () => ["127.0.0.1"]);
  });

  it("VSF204: listen_address6", async () => {
    const confs = LISTEN_ADDRESSES6.map((a) => `background=NO\nlisten_ipv6=YES\nlisten_address6=${a}\n`);
    await agree(VSF204, confs, () => ["::1", "127.0.0.1", "fd00::2"]);
  });

  it("VSF205: ssl_ciphers", async () => {
    const base = `background=NO\nlisten=YES\nlisten_address=127.0.0.1\nssl_enable=YES\nrsa_cert_file=${cert}\nrsa_private_key_file=${key}\n`;
    await agree(VSF205, CIPHERS.map((c) => `${base}ssl_ciphers=${c}\n`), () => ["127.0.0.1"]);
  });

  it("VSF210-VSF215: session-start refusals", async () => {
    const base = "background=NO\nlisten=YES\nlisten_address=127.0.0.1\n";
    for (const rule of new Set(SESSION_CASES.map(([r]) => r))) {
      const confs = SESSION_CASES.filter(([r]) => r === rule).map(([, lines]) => base + lines.map((l) => `${l}\n`).join(""));
      const rows = await mapLimit(confs, async (conf) => ({ conf, said: await observe(conf, ["127.0.0.1"], greeting), lint: ruleErrs(rule, conf) }));
      for (const r of rows) expect(r.said.includes(MESSAGES.get(rule)!), `${rule.code} ${JSON.stringify(r.conf)}: ${r.said}`).toBe(r.lint);
    }
  });

  it("VSF301: pasv_address at PASV", async () => {
    const base = `background=NO\nlisten=YES\nlisten_address=127.0.0.1\nanonymous_enable=YES\nanon_root=${anonRoot}\n`;
    await agree(VSF301, PASV_ADDRESSES.map((a) => `${base}pasv_address=${a}\n`), () => ["127.0.0.1"], anonymousPasv);
  });
});

/** Reads reply lines until `done` says the exchange is over. */
function converse(port: number, script: (line: string, send: (cmd: string) => void) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const s: Socket = connect({ host: "127.0.0.1", port });
    let got = "";
    let buf = "";
    const finish = () => (s.destroy(), resolve(got));
    s.setTimeout(3000, finish);
    s.on("data", (d) => {
      buf += d.toString("latin1");
      for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
        const line = buf.slice(0, i + 1);
        buf = buf.slice(i + 1);
        got += line;
        if (script(line, (cmd) => s.write(`${cmd}\r\n`))) return finish();
      }
    });
    s.on("close", finish);
    s.on("error", reject);
  });
}

/** The first reply, which is the OOPS when a session-start check fails. */
function greeting(port: number): Promise<string> {
  return converse(port, () => true);
}

/** Logs in anonymously, then sends EPSV and PASV. */
function anonymousPasv(port: number): Promise<string> {
  return converse(port, (line, send) => {
    const code = line.slice(0, 4);
    if (code === "220 ") send("USER anonymous");
    else if (code === "331 ") send("PASS x@example.com");
    else if (code === "230 ") send("EPSV");
    else if (code === "229 ") send("PASV");
    else return true;
    return false;
  });
}
