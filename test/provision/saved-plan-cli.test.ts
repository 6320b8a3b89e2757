/**
 * `plan --output` and `apply FILE` through the CLI, on a staging tree (--root):
 * the plan file is written 0600 and named in the output; `apply FILE` takes
 * the tree from the plan and makes exactly the saved changes; after a hand
 * edit it is refused with exit 1, one line naming the file, the tree
 * untouched; an edited plan file, flags a saved plan fixes, and `--output -`
 * with `--json` are exit 2; `--output -` writes the plan file to stdout and the
 * plan for people to stderr; `--output` never replaces a profile.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { describeWithTools } from "../helpers/require-tool.js";
import { captureIo, snapshotTree, writeProfile } from "./helpers.js";

interface Saved {
  format: string;
  steps: { kind: string; changes: { id: string; action: string; skipped?: string }[] }[];
}

// apply, even under --root, takes its lock in /run/lock: only in the test sandbox.
describeWithTools("saved plans through the CLI (--root)", ["sandbox"], () => {
  let dir = "";
  let root = "";
  let profile = "";
  let planFile = "";

  beforeAll(() => {
    dir = mkdtempSync("/tmp/ftpctl-saved-plan-cli-");
    root = join(dir, "stage");
    mkdirSync(join(root, "etc"), { recursive: true });
    writeFileSync(join(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/bash\nftp:x:2101:2101::/srv/ftp:/usr/sbin/nologin\nalice:x:3001:3001::/home/alice:/usr/sbin/nologin\n");
    writeFileSync(join(root, "etc/group"), "root:x:0:\nftp:x:2101:\nalice:x:3001:\n");
    profile = writeProfile(dir, "ftpctl.yaml", ["extends: [jailed]", "users:", "  - name: alice", ""].join("\n"));
    planFile = join(dir, "ftpctl.plan");
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function ftpctl(args: string[]) {
    const io = captureIo();
    const code = await main(args, io);
    return { code, out: io.out(), err: io.err() };
  }

  const pending = (s: Saved) => s.steps.flatMap((st) => st.changes.filter((c) => c.action !== "noop" && c.skipped === undefined).map((c) => c.id));

  it("plan --output writes the plan 0600 and says how to apply it, changing nothing else", async () => {
    const before = snapshotTree(root);
    const r = await ftpctl(["plan", profile, "--root", root, "--distro", "debian", "--out", planFile]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^Plan: \d+ changes to make/m);
    expect(r.out).toContain(`Saved the plan to ${planFile}; apply exactly this plan with: ftpctl apply ${planFile}\n`);
    expect(statSync(planFile).mode & 0o7777).toBe(0o600);
    expect((JSON.parse(readFileSync(planFile, "utf8")) as Saved).format).toBe("ftpctl-plan");
    expect(snapshotTree(root)).toEqual(before);
  });

  it("apply FILE with flags the plan fixes, or an edited plan file, is exit 2 in one line", async () => {
    const fixed = await ftpctl(["apply", planFile, "--yes", "--set", "listen.port=2121"]);
    expect([fixed.code, fixed.err]).toEqual([2, `ftpctl: --set: ${planFile} is a saved plan, which fixes the profile and these flags; give them to 'ftpctl plan --output' instead\n`]);
    const other = await ftpctl(["apply", planFile, "--yes", "--root", dir]);
    expect(other.code).toBe(2);
    expect(other.err).toMatch(/^ftpctl: --root .*: the saved plan is for --root .*\/stage; leave --root out with a saved plan\n$/);
    const edited = join(dir, "edited.plan");
    writeFileSync(edited, readFileSync(planFile, "utf8").replace('"action": "create"', '"action": "delete"'));
    const e = await ftpctl(["apply", edited, "--yes"]);
    expect([e.code, e.err]).toEqual([2, `ftpctl: ${edited}: the saved plan was changed after ftpctl wrote it (its checksum does not match); make a new plan with 'ftpctl plan --output FILE'\n`]);
  });

  it("apply FILE makes exactly the saved changes in the plan's staging tree", async () => {
    const planned = pending(JSON.parse(readFileSync(planFile, "utf8")) as Saved);
    const r = await ftpctl(["apply", planFile, "--yes", "--json"]);
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out) as { root: string; results: { id: string; status: string }[] };
    expect(out.root).toBe(root);
    expect(out.results.filter((x) => x.status === "changed").map((x) => x.id)).toEqual(planned);
    expect(readFileSync(join(root, "etc/vsftpd.conf"), "utf8")).toContain("chroot_local_user=YES");
    const again = await ftpctl(["plan", profile, "--root", root, "--distro", "debian", "--detailed-exitcode"]);
    expect(again.code, again.out).toBe(0);
  });

  it("a fresh plan file applied after a hand edit is refused naming the file, exit 1, the tree untouched", async () => {
    const fresh = join(dir, "fresh.plan");
    const p = await ftpctl(["plan", profile, "--root", root, "--distro", "debian", "-o", fresh]);
    expect(p.code, p.err).toBe(0);
    const conf = join(root, "etc/vsftpd.conf");
    writeFileSync(conf, readFileSync(conf, "utf8") + "max_clients=5\n");
    const before = snapshotTree(root);
    const r = await ftpctl(["apply", fresh, "--yes"]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toMatch(new RegExp(`^ftpctl: ${fresh}: the host changed since this plan was made: file:/etc/vsftpd\\.conf \\(was (\\d+) lines, 0644, owner root:root, now (\\d+) lines, 0644, owner root:root\\); refusing to apply it, nothing was changed \\(make a new plan with 'ftpctl plan --output ${fresh}'\\)\\n$`));
    expect(snapshotTree(root)).toEqual(before);
  });

  it("plan --output - writes the plan file to stdout and the plan to stderr; with --json it is exit 2", async () => {
    const r = await ftpctl(["plan", profile, "--root", root, "--distro", "debian", "--output", "-"]);
    expect(r.code, r.err).toBe(0);
    expect((JSON.parse(r.out) as Saved).format).toBe("ftpctl-plan");
    expect(r.err).toMatch(/^Plan: 1 change to make/m);
    const j = await ftpctl(["plan", profile, "--root", root, "--distro", "debian", "--output", "-", "--json"]);
    expect(j.code).toBe(2);
    expect(j.err).toMatch(/^ftpctl: --output - and --json both write to standard output/);
  });

  it("plan --output never replaces a file that is not a saved plan (the profile, say)", async () => {
    const text = readFileSync(profile, "utf8");
    const r = await ftpctl(["plan", profile, "--root", root, "--distro", "debian", "--output", profile]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`ftpctl: --output ${profile}: the file exists and is not a saved plan; refusing to replace it\n`);
    expect(readFileSync(profile, "utf8")).toBe(text);
  });
});
