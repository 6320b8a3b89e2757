/**
 * The test sandbox: the check that decides whether a test may change the
 * system (pure, from mountinfo text), and, inside the sandbox, proof that
 * what a test does to /etc stays in it.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { describeWithTools, missingReason, readable } from "./require-tool.js";
import { parseMountinfo, SANDBOX_ENV, SANDBOX_PATHS, sandboxProblem, sandboxProblemIn, type SandboxFacts } from "./sandbox.js";

const BASE = "/tmp/ftpctl-sandbox-AbC123";
const LAUNCHER = fileURLToPath(new URL("../../scripts/test-sandbox.mjs", import.meta.url));

/** mountinfo lines as the launcher leaves them: one overlay per listed directory, a tmpfs per emptied one. */
function sandboxMountinfo(base = BASE): string {
  const lines = ["27 1 254:0 / / rw,relatime - ext4 /dev/vda rw", `90 27 0:40 / ${base} rw - tmpfs ftpctl-sandbox rw,mode=700`];
  SANDBOX_PATHS.overlay.forEach((dir, i) => {
    lines.push(`${100 + i} 27 0:${41 + i} / ${dir} rw,relatime - overlay ftpctl-sandbox rw,lowerdir=${dir},upperdir=${base}/${i}/upper,workdir=${base}/${i}/work,uuid=on`);
  });
  SANDBOX_PATHS.emptied.forEach((dir, i) => lines.push(`${200 + i} 27 0:${60 + i} / ${dir} rw - tmpfs ftpctl-sandbox rw,mode=755`));
  return `${lines.join("\n")}\n`;
}

function facts(over: Partial<SandboxFacts> = {}): SandboxFacts {
  return {
    uid: 0,
    base: BASE,
    mounts: parseMountinfo(sandboxMountinfo()),
    ownNamespace: "mnt:[4026532178]",
    initNamespace: "mnt:[4026531841]",
    present: () => true,
    ...over,
  };
}

describe("the sandbox check", () => {
  it("is met by root with every listed directory overlaid into the named tmpfs", () => {
    expect(sandboxProblemIn(facts())).toBeUndefined();
    // Init's namespace may be unreadable; the mounts decide then.
    expect(sandboxProblemIn(facts({ initNamespace: undefined }))).toBeUndefined();
  });

  it("is not met by a user other than root", () => {
    expect(sandboxProblemIn(facts({ uid: 1000 }))).toBe("running as root");
  });

  it("is not met by the environment variable alone", () => {
    const host = parseMountinfo("27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n");
    expect(sandboxProblemIn(facts({ mounts: host }))).toBe("the test sandbox (/etc is not its overlay)");
    expect(sandboxProblemIn(facts({ base: undefined }))).toMatch(/^the test sandbox \(run `npm test`/);
  });

  it("is not met in init's mount namespace, whatever is mounted", () => {
    expect(sandboxProblemIn(facts({ ownNamespace: "mnt:[1]", initNamespace: "mnt:[1]" }))).toMatch(/init's mount namespace/);
  });

  it("is not met when an overlay belongs to another sandbox, or something is mounted over it", () => {
    const other = parseMountinfo(sandboxMountinfo("/tmp/ftpctl-sandbox-other"));
    expect(sandboxProblemIn(facts({ mounts: other }))).toBe("the test sandbox (/etc is not its overlay)");
    const covered = parseMountinfo(`${sandboxMountinfo()}300 100 0:99 / /home rw - ext4 /dev/vdb rw\n`);
    expect(sandboxProblemIn(facts({ mounts: covered }))).toBe("the test sandbox (/home is not its overlay)");
    const bare = parseMountinfo(sandboxMountinfo().split("\n").filter((l) => !l.includes(" /run/netns ")).join("\n"));
    expect(sandboxProblemIn(facts({ mounts: bare }))).toBe("the test sandbox (/run/netns is not its tmpfs)");
  });

  it("asks only for the directories this machine has", () => {
    const noSrv = parseMountinfo(sandboxMountinfo().split("\n").filter((l) => !l.includes(" /srv ")).join("\n"));
    expect(sandboxProblemIn(facts({ mounts: noSrv }))).toBe("the test sandbox (/srv is not its overlay)");
    expect(sandboxProblemIn(facts({ mounts: noSrv, present: (d) => d !== "/srv" }))).toBeUndefined();
  });

  it("reads escaped mount points as the kernel writes them", () => {
    const [m] = parseMountinfo("50 27 0:40 / /tmp/a\\040b rw - tmpfs x\\040y rw,mode=700\n");
    expect(m).toEqual({ point: "/tmp/a b", fstype: "tmpfs", superOptions: "rw,mode=700" });
  });

  it("names what is missing in the skip reason", () => {
    expect(missingReason(["/nonexistent/tool", readable("/nonexistent/page.gz")])).toBe("requires /nonexistent/tool, /nonexistent/page.gz");
    expect(() => missingReason(["lftp"])).toThrow(/unknown need 'lftp'/);
    if (process.getuid?.() !== 0) expect(missingReason(["root", "sandbox"])).toBe("requires running as root");
  });
});

describeWithTools("inside the test sandbox", ["sandbox", "/usr/sbin/useradd", "/usr/bin/unshare"], () => {
  it("is where this process runs, by its own mounts", () => {
    expect(sandboxProblem()).toBeUndefined();
    expect(process.env[SANDBOX_ENV]).toMatch(/^\/tmp\/ftpctl-sandbox-/);
  });

  it("keeps a change to /etc in the tmpfs: a sandbox inside this one adds an account this one never sees", async () => {
    const passwd = readFileSync("/etc/passwd", "utf8");
    // A second sandbox stacks on this one, as this one stacks on the host.
    const r = await execa(process.execPath, [LAUNCHER, "--run", "sh", "-c", "useradd -M ftpctl-sbx-probe && getent passwd ftpctl-sbx-probe && touch /etc/ftpctl-sbx-probe"], { reject: false, stdin: "ignore" });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ftpctl-sbx-probe:x:/);
    expect(readFileSync("/etc/passwd", "utf8")).toBe(passwd);
    expect(existsSync("/etc/ftpctl-sbx-probe")).toBe(false);
    expect((await execa("getent", ["passwd", "ftpctl-sbx-probe"], { reject: false })).exitCode).toBe(2);
  });
});
