/**
 * vsftpd's rules for anonymous passwords (prelogin.c, privops.c):
 * no_anon_password logs in at USER with a made-up "<no password>";
 * deny_email_enable refuses the lines of banned_email_file;
 * secure_email_list_enable takes only the lines of email_password_file and
 * never an empty password. Lines end at \n only and match exactly; an empty
 * list file is no list. A refusal is an ordinary failed login.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { vsftpdLines, type ServerOverrides } from "../../src/server/options.js";
import { startServe } from "../../src/commands/serve/run.js";
import { ANON_READ_ONLY, serve } from "./harness.js";
import { RawClient } from "./raw-client.js";

/** The replies to USER ftp then PASS `password` (none when USER already settled it). */
async function anonLogin(conf: string, overrides: ServerOverrides, password: string | undefined): Promise<string[]> {
  const h = await serve(conf, { overrides });
  const c = await RawClient.open(h.server.port);
  try {
    await c.read();
    const out = [(await c.cmd("USER ftp"))?.text ?? "(closed)"];
    if (password !== undefined) out.push((await c.cmd(`PASS ${password}`))?.text ?? "(closed)");
    return out;
  } finally {
    c.close();
    await h.stop();
  }
}

describe("no_anon_password", () => {
  it("logs in at USER, without asking; a PASS after is 'Already logged in.'", async () => {
    expect(await anonLogin(ANON_READ_ONLY + "no_anon_password=YES\n", {}, "x@")).toEqual(["230 Login successful.", "230 Already logged in."]);
  });

  it("is refused when the banned list holds vsftpd's made-up '<no password>'", async () => {
    const conf = ANON_READ_ONLY + "no_anon_password=YES\ndeny_email_enable=YES\n";
    expect(await anonLogin(conf, { bannedEmailText: "<no password>\n" }, undefined)).toEqual(["530 Login incorrect."]);
  });
});

describe("deny_email_enable", () => {
  const conf = ANON_READ_ONLY + "deny_email_enable=YES\n";
  it.each([
    ["a listed password", "spam@example.com\nbad@\n", "bad@", "530 Login incorrect."],
    ["another password", "spam@example.com\nbad@\n", "good@", "230 Login successful."],
    ["a line with a CR, which vsftpd keeps", "bad@\r\n", "bad@", "230 Login successful."],
    ["a prefix of a listed line", "bad@example.com\n", "bad@", "230 Login successful."],
  ])("%s", async (_what, list, password, want) => {
    expect((await anonLogin(conf, { bannedEmailText: list }, password))[1]).toBe(want);
  });

  it("reads no list when the switch is off", async () => {
    expect((await anonLogin(ANON_READ_ONLY, { bannedEmailText: "bad@\n" }, "bad@"))[1]).toBe("230 Login successful.");
  });
});

describe("secure_email_list_enable", () => {
  const conf = ANON_READ_ONLY + "secure_email_list_enable=YES\n";
  it.each([
    ["a listed password", "friend@\nother@\n", "friend@", "230 Login successful."],
    ["a password not listed", "friend@\n", "stranger@", "530 Login incorrect."],
    ["an empty password, even with an empty line listed", "friend@\n\n", "", "530 Login incorrect."],
    ["anything, when the file is empty (vsftpd skips an empty list)", "", "stranger@", "230 Login successful."],
  ])("%s", async (_what, list, password, want) => {
    expect((await anonLogin(conf, { emailPasswordText: list }, password))[1]).toBe(want);
  });

  it("a refusal counts towards max_login_fails, as any failed login", async () => {
    const h = await serve(conf + "max_login_fails=2\n", { overrides: { emailPasswordText: "friend@\n" } });
    const c = await RawClient.open(h.server.port);
    try {
      await c.read();
      for (let i = 0; i < 2; i++) {
        await c.cmd("USER ftp");
        expect((await c.cmd("PASS stranger@"))?.text).toBe("530 Login incorrect.");
      }
      expect(await c.read()).toBeUndefined();
    } finally {
      c.close();
      await h.stop();
    }
  });
});

describe("the list files", () => {
  it("split at \\n only, an empty line being a line, as vsftpd's str_getline", () => {
    expect(vsftpdLines("a\r\n\nb")).toEqual(["a\r", "", "b"]);
    expect(vsftpdLines("a\n")).toEqual(["a"]);
    expect(vsftpdLines("")).toBeUndefined();
  });

  it("are read by ftpctl serve through the bounded reader: a directory is refused at start", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ftpctl-emails-"));
    try {
      mkdirSync(join(dir, "root"), { mode: 0o555 });
      mkdirSync(join(dir, "banned"));
      writeFileSync(join(dir, "emails"), "friend@\n");
      const io = { stdout: () => {}, stderr: () => {} };
      const args = { set: [], distro: "debian", port: 0, address: "127.0.0.1", root: join(dir, "root"), user: [] };
      writeFileSync(join(dir, "bad.conf"), `${ANON_READ_ONLY}deny_email_enable=YES\nbanned_email_file=${join(dir, "banned")}\n`);
      await expect(startServe({ ...args, file: join(dir, "bad.conf") }, io)).rejects.toThrow(InputError);
      writeFileSync(join(dir, "good.conf"), `${ANON_READ_ONLY}secure_email_list_enable=YES\nemail_password_file=${join(dir, "emails")}\n`);
      const server = await startServe({ ...args, file: join(dir, "good.conf") }, io);
      const c = await RawClient.open(server.port);
      await c.read();
      await c.cmd("USER ftp");
      expect((await c.cmd("PASS stranger@"))?.text).toBe("530 Login incorrect.");
      await c.cmd("USER ftp");
      expect((await c.cmd("PASS friend@"))?.text).toBe("230 Login successful.");
      c.close();
      await server.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
