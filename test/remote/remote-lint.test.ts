/**
 * `lint --host` against a server reached through the ssh executor reads
 * the config there and judges that machine: through a stand-in client that
 * runs the commands on this machine (test/remote/fake-ssh.ts), the output
 * is the local one, byte for byte. The real server is test/container/ssh.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLint, type LintCommandOptions } from "../../src/commands/lint/run.js";
import { SshExecutor } from "../../src/remote/ssh-executor.js";
import { SshSession } from "../../src/remote/ssh.js";
import { fakeSsh, type FakeSsh } from "./fake-ssh.js";

describe("lint --host through the ssh executor", () => {
  let fake: FakeSsh;
  let session: SshSession;
  let exec: SshExecutor;
  let dir: string;

  beforeAll(async () => {
    fake = fakeSsh();
    session = await SshSession.open({ host: "server" }, { ssh: fake.path });
    exec = new SshExecutor(session);
    dir = mkdtempSync(join(tmpdir(), "ftpctl-remote-lint-"));
  });
  afterAll(() => {
    session?.close();
    fake?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const base = (files: string[]): LintCommandOptions => ({ files, format: "json", distro: "debian", host: true, inetd: false, maxWarnings: undefined, noConfig: true, fix: false, color: false });

  async function lint(o: LintCommandOptions) {
    let out = "";
    let err = "";
    const code = await runLint(o, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
    return { code, out, err };
  }

  it("reports what the local lint reports on the same machine", async () => {
    const conf = join(dir, "vsftpd.conf");
    writeFileSync(conf, `listen=YES\nanonymous_enable=YES\nanon_root=${dir}/no-such-root\nbanner_file=${dir}/banner missing\nrsa_cert_file=${dir}/cert.pem\nssl_enable=YES\nchroot_local_user=YES\nlocal_enable=YES\n`);
    const local = await lint(base([conf]));
    const remote = await lint({ ...base([conf]), remote: exec });
    expect(remote).toEqual(local);
    expect(remote.out).toMatch(/VSF80[24]/);
  });

  it("a file missing on the server is one line and exit 2", async () => {
    const r = await lint({ ...base([join(dir, "nope.conf")]), format: "text", remote: exec });
    expect(r.code).toBe(2);
    expect(r.err).toBe(`ftpctl: ${join(dir, "nope.conf")}: no such file (on the server)\n`);
  });

  it("refuses --fix, which would edit files here", async () => {
    await expect(lint({ ...base([join(dir, "x")]), fix: true, remote: exec })).rejects.toThrow(/--fix and --fix-dry-run edit files here/);
  });
});
