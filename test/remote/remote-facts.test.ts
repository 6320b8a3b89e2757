/**
 * Host rules see the same machine through ssh as on it: every fixture of
 * the fidelity corpus is linted with --host twice on this machine, once
 * with localHostFacts and once with remoteHostFacts through the ssh
 * executor (a stand-in client running the remote commands here,
 * test/remote/fake-ssh.ts), and the findings must be the same. Doctor's
 * listener probe is compared the same way with the local /proc reader.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenersOn } from "../../src/host/listeners.js";
import { localHostFacts } from "../../src/host/local-facts.js";
import { lintBytes } from "../../src/lint/linter.js";
import { fibTrieLocal, ifInet6, remoteHostFacts } from "../../src/remote/remote-facts.js";
import { remoteListenersOn, socketOwners } from "../../src/remote/remote-probes.js";
import { SshExecutor } from "../../src/remote/ssh-executor.js";
import { SshSession } from "../../src/remote/ssh.js";
import { fakeSsh, type FakeSsh } from "./fake-ssh.js";

const FIXTURES = fileURLToPath(new URL("../fixtures", import.meta.url));
const CONFS = readdirSync(FIXTURES).filter((f) => f.endsWith(".conf")).sort();

describe("remote host facts", () => {
  let fake: FakeSsh;
  let session: SshSession;
  let exec: SshExecutor;

  beforeAll(async () => {
    fake = fakeSsh();
    session = await SshSession.open({ host: "server" }, { ssh: fake.path });
    exec = new SshExecutor(session);
  });

  afterAll(() => {
    session?.close();
    fake?.cleanup();
  });

  const findings = (file: string, host: Parameters<typeof lintBytes>[0]["host"]) =>
    lintBytes({ file, bytes: readFileSync(join(FIXTURES, file)), options: { distro: "debian", standalone: true }, ...(host ? { host } : {}) }).findings.map((f) => `${f.line}:${f.code}:${f.message}`);

  it.each(CONFS)("%s: the same host findings as on this machine", async (file) => {
    const local = findings(file, localHostFacts());
    const remote = await remoteHostFacts(exec, (facts) => void findings(file, facts));
    expect(findings(file, remote)).toEqual(local);
  });

  it("asks in few rounds, not one round trip per question", async () => {
    const before = fake.calls().length;
    await remoteHostFacts(exec, (facts) => void findings("jail-writable-home.conf", facts));
    expect(fake.calls().length - before).toBeLessThanOrEqual(8);
  });

  it("never brings a password hash back from /etc/shadow", async () => {
    const facts = await remoteHostFacts(exec, (f) => void f.passwordLocked("root"));
    const shadow = readFileSync("/etc/shadow", "utf8");
    const local = localHostFacts();
    expect(facts.passwordLocked("root")).toBe(local.passwordLocked("root"));
    const hash = shadow.split("\n").map((l) => l.split(":")[1] ?? "").find((h) => h.startsWith("$"));
    if (hash) expect(fake.calls().flat().join("\n")).not.toContain(hash);
  });

  it("knows the machine's addresses", async () => {
    const facts = await remoteHostFacts(exec, (f) => void f.localAddresses());
    expect(facts.localAddresses()).toContain("127.0.0.1");
    expect(fibTrieLocal("Main:\n  +-- 127.0.0.0/8 2 0 2\n     |-- 127.0.0.1\n        /32 host LOCAL\n     |-- 127.255.255.255\n        /32 link BROADCAST\n")).toEqual(["127.0.0.1"]);
    expect(ifInet6("00000000000000000000000000000001 01 80 10 80       lo\nfe800000000000000000000000000001 02 40 20 80 eth0\n")).toEqual(["::1", "fe80::1"]);
  });

  describe("listeners", () => {
    let server: Server;
    let port = 0;
    beforeAll(async () => {
      server = createServer();
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      port = (server.address() as { port: number }).port;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it("finds who listens on a port, as the local /proc reader does", async () => {
      const remote = await remoteListenersOn(exec, port);
      expect(remote).toEqual(listenersOn(port));
      expect(remote[0]).toMatchObject({ address: "127.0.0.1", pid: process.pid });
    });

    it("reads socket owners from ls -l", () => {
      expect(socketOwners("/proc/12/fd:\ntotal 0\nlrwx------ 1 root root 64 Jan  1 00:00 3 -> socket:[999]\n\n/proc/13/fd:\nl 1 -> /dev/null\n")).toEqual(new Map([["999", 12]]));
    });
  });
});
