/**
 * Every path argument goes through src/core/path-jail.ts: escapes by `..`,
 * absolute paths and symbolic links pointing out all stay in the root. The
 * escapes themselves, verb by verb, are rows of the attack table
 * (attacks.test.ts); here, what a jailed session sees.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANON_READ_ONLY, serve, type Harness } from "./harness.js";
import { RawClient } from "./raw-client.js";

describe("the path jail of an anonymous session", () => {
  let h: Harness;
  let c: RawClient;
  beforeAll(async () => {
    h = await serve(ANON_READ_ONLY, {
      prepare: (root) => {
        mkdirSync(join(root, "pub"));
        writeFileSync(join(root, "pub", "inside.txt"), "inside\n", { mode: 0o644 });
        symlinkSync("/etc", join(root, "etc-link"));
        symlinkSync("../../../../../../etc/passwd", join(root, "pub", "passwd-link"));
        symlinkSync("inside.txt", join(root, "pub", "good-link"));
      },
    });
    c = await RawClient.open(h.server.port);
    await c.login("anonymous", "guest@");
  });
  afterAll(async () => {
    c?.close();
    await h?.stop();
  });

  it.each([
    ["CWD ../../../..", "/"],
    ["CWD /../..", "/"],
    ["CWD pub/../../..", "/"],
  ])("%s stays at the top", async (line, where) => {
    expect((await c.cmd("CWD /"))?.code).toBe(250);
    expect((await c.cmd(line))?.code).toBe(250);
    expect((await c.cmd("PWD"))?.text).toBe(`257 "${where}" is the current directory`);
  });

  it("CWD into a link to /etc lands in the jail's /etc, which does not exist", async () => {
    expect((await c.cmd("CWD /etc-link"))?.text).toBe("550 Failed to change directory.");
  });

  it("CWD without a name fails and stays put, as vsftpd's chdir(\"\") does", async () => {
    await c.cmd("CWD /pub");
    expect((await c.cmd("CWD"))?.text).toBe("550 Failed to change directory.");
    expect((await c.cmd("PWD"))?.text).toBe('257 "/pub" is the current directory');
  });

  it("a link that stays inside is followed", async () => {
    const r = await c.data("RETR /pub/good-link");
    expect(r.body).toBe("inside\n");
    expect(r.last?.text).toBe("226 Transfer complete.");
  });

  it("replies never show the host path of the root", async () => {
    await c.cmd("CWD /pub");
    expect((await c.cmd("PWD"))?.text).toBe('257 "/pub" is the current directory');
    const r = await c.data("LIST");
    expect(r.body).not.toContain(h.root);
  });
});
