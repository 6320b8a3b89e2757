/**
 * `ftpctl serve` as a user runs it (the built CLI, `npm run build` first):
 * prints the URL and a line per session event, serves a vsftpd.conf with
 * vsftpd's meaning, takes passwords from files, refuses what vsftpd
 * refuses, and stops cleanly on Ctrl-C.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithTools } from "../helpers/require-tool.js";
import { BIN, ftpctl } from "../cli/ftpctl.js";

const CURL = "/usr/bin/curl";

async function waitForUrl(p: { kill: (signal: NodeJS.Signals) => unknown }, out: { text: string }): Promise<string> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const m = /serving (ftp:\/\/\S+)/.exec(out.text);
    if (m) return m[1]!;
    await new Promise((r) => setTimeout(r, 50));
  }
  p.kill("SIGKILL");
  throw new Error(`serve printed no URL: ${out.text}`);
}

describeWithTools("ftpctl serve", [CURL], () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "ftpctl-serve-"));
    mkdirSync(join(dir, "root"));
    writeFileSync(join(dir, "root", "hello.txt"), "hello\n", { mode: 0o644 });
    writeFileSync(join(dir, "erin.pw"), "erin's password\n", { mode: 0o600 });
    writeFileSync(join(dir, "vsftpd.conf"), "listen=YES\nanonymous_enable=NO\nlocal_enable=YES\nwrite_enable=YES\nchroot_local_user=YES\nallow_writeable_chroot=YES\ndelay_failed_login=0\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("serves a vsftpd.conf to a local user from --user, logs events, and stops on SIGINT", async () => {
    const out = { text: "" };
    const p = execa(process.execPath, [BIN, "serve", join(dir, "vsftpd.conf"), "--distro", "debian", "--port", "0", "--root", join(dir, "root"), "--user", `erin:${join(dir, "erin.pw")}`], {
      reject: false,
      env: { NO_COLOR: "1" },
    });
    p.stdout!.on("data", (d: Buffer) => (out.text += d.toString()));
    const url = await waitForUrl(p, out);
    expect(url).toMatch(/^ftp:\/\/127\.0\.0\.1:\d+\/$/);
    const auth = url.replace("ftp://", "ftp://erin:erin's%20password@");
    const got = await execa(CURL, ["-sS", "--max-time", "10", `${auth}hello.txt`], { reject: false });
    expect(got.stdout).toBe("hello");
    const anon = await execa(CURL, ["-sS", "--max-time", "10", url], { reject: false });
    expect(anon.exitCode).toBe(67);
    const started = Date.now();
    p.kill("SIGINT");
    const r = await p;
    expect(Date.now() - started).toBeLessThan(3000);
    expect(r.exitCode).toBe(0);
    expect(out.text).toContain("] login erin\n");
    // The transfer as vsftpd's xferlog line: time, seconds, host, bytes, file, b _ o r user ftp 0 * c.
    expect(out.text).toMatch(/^\[\d+\] \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4} \d+ 127\.0\.0\.1 6 \/hello\.txt b _ o r erin ftp 0 \* c$/m);
    expect(out.text).toContain("] login failed for \"anonymous\"\n");
    expect(out.text).toMatch(/stopped\n$/);
    expect(out.text + String(r.stderr)).not.toContain("erin's password");
  });

  it("refuses a configuration vsftpd would refuse, with lint's finding", async () => {
    writeFileSync(join(dir, "bad.conf"), "anonymous_enable=maybe\n");
    const r = await ftpctl(["serve", join(dir, "bad.conf"), "--distro", "debian", "--root", join(dir, "root")]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/bad\.conf:1: vsftpd would refuse this configuration: .*bad bool value.*\[VSF\d+\]\n$/);
  });

  it("names options it does not emulate", async () => {
    writeFileSync(join(dir, "ssl.conf"), "anonymous_enable=YES\ndirmessage_enable=YES\nmdtm_write=NO\n");
    const p = execa(process.execPath, [BIN, "serve", join(dir, "ssl.conf"), "--distro", "debian", "--root", join(dir, "root")], { reject: false, env: { NO_COLOR: "1" } });
    const out = { text: "" };
    p.stdout!.on("data", (d: Buffer) => (out.text += d.toString()));
    await waitForUrl(p, out);
    p.kill("SIGINT");
    const r = await p;
    expect(String(r.stderr)).toMatch(/ftpctl: warning: the embedded server does not emulate (dirmessage_enable, mdtm_write|mdtm_write, dirmessage_enable); they are ignored$/m);
  });

  it.each([
    [["--user", "noseparator"], /--user takes NAME:PASSWORDFILE/],
    [["--user", "frank:/nonexistent/pw"], /\/nonexistent\/pw: /],
    [["--port", "70000"], /--port takes 0\.\.65535/],
  ])("bad input %j is one line and exit 2", async (extra, message) => {
    const r = await ftpctl(["serve", "--distro", "debian", "--root", join(dir, "root"), ...extra]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("greets with banner_file's lines, as vsftpd does", async () => {
    writeFileSync(join(dir, "banner.txt"), "Welcome.\nAuthorised use only.\n");
    writeFileSync(join(dir, "banner.conf"), `anonymous_enable=YES\nbanner_file=${join(dir, "banner.txt")}\n`);
    const p = execa(process.execPath, [BIN, "serve", join(dir, "banner.conf"), "--distro", "debian", "--root", join(dir, "root")], { reject: false, env: { NO_COLOR: "1" } });
    const out = { text: "" };
    p.stdout!.on("data", (d: Buffer) => (out.text += d.toString()));
    const url = await waitForUrl(p, out);
    const r = await execa(CURL, ["-sS", "-v", "--max-time", "10", url], { reject: false });
    p.kill("SIGINT");
    await p;
    expect(r.stderr).toMatch(/^< 220-Welcome\.\r?\n< 220-Authorised use only\.\r?\n< 220 \r?$/m);
  });

  it("anonymous logins without a root are refused at start", async () => {
    const r = await ftpctl(["serve", "--distro", "debian"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("anonymous logins need a directory: give --root DIR or set anon_root");
  });
});
