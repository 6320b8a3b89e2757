/**
 * Saved plans against a staging tree (--root), below the CLI: the file
 * holds no secret and reads back as written; a file edited after ftpctl
 * wrote it, a foreign one, one from another version or with a field too
 * many is refused as one line (exit 2); reopened on an unchanged tree it
 * yields exactly the saved changes, and applying them makes exactly those;
 * after a hand edit it is refused naming the resource, the tree untouched;
 * a plan made for another machine id is refused. Written 0600, never over
 * a file that is not a saved plan.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FtpctlError, InputError, UsageError } from "../../src/core/errors.js";
import { applyPlan } from "../../src/provision/apply.js";
import { LocalExecutor } from "../../src/provision/local-executor.js";
import { planDrift, StalePlanError } from "../../src/provision/plan-drift.js";
import { assemble, makePlan, type Plan } from "../../src/provision/plan.js";
import type { Change } from "../../src/provision/resource.js";
import { prepare } from "../../src/provision/prepare.js";
import { RecordingExecutor } from "../../src/provision/recording-executor.js";
import { planDocument, reopenSavedPlan, savedRoot } from "../../src/provision/saved-plan-apply.js";
import { looksLikeSavedPlan, parseSavedPlan, serializePlan, writeSavedPlan, type SavedPlan } from "../../src/provision/saved-plan.js";
import { snapshotTree, writeProfile } from "./helpers.js";

const VERSION = "9.9.9-test";
const HOST = "plan-host";
const noStdin = { env: {}, readStdin: () => Promise.resolve(undefined) };

let dir = "";
let root = "";
let profile = "";

beforeAll(() => {
  dir = mkdtempSync("/tmp/ftpctl-saved-plan-");
  root = join(dir, "stage");
  mkdirSync(join(root, "etc"), { recursive: true });
  writeFileSync(join(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/bash\nftp:x:2101:2101::/srv/ftp:/usr/sbin/nologin\nalice:x:3001:3001::/home/alice:/usr/sbin/nologin\n");
  writeFileSync(join(root, "etc/group"), "root:x:0:\nftp:x:2101:\nalice:x:3001:\n");
  writeFileSync(join(root, "etc/machine-id"), "0123456789abcdef0123456789abcdef\n");
  const pw = join(dir, "alice.pw");
  writeFileSync(pw, "a-secret-never-saved\n");
  chmodSync(pw, 0o600);
  profile = writeProfile(dir, "ftpctl.yaml", ["extends: [jailed]", "users:", "  - name: alice", `    password: { file: ${pw} }`, "  - name: bob", "    password: { env: BOB_PW }", ""].join("\n"));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** `plan --root --output` below the CLI: the profile read once, planned read-only, made into the document. */
async function makeSaved(): Promise<SavedPlan> {
  const text = readFileSync(profile, "utf8");
  const prepared = await prepare({ file: profile, text, set: [], distro: "debian", root, removeFirewall: false, secretInput: noStdin });
  const exec = new LocalExecutor({ root: prepared.ctx.root! });
  const assembly = assemble({ ctx: prepared.ctx, rendered: prepared.rendered, secrets: prepared.secrets });
  const plan = await makePlan(assembly, new RecordingExecutor(exec, true));
  return planDocument({ prepared, plan, exec, inputs: { source: profile, text, set: [], only: null, removeFirewall: false }, hostname: HOST, ftpctl: VERSION, now: new Date(0) });
}

function reopen(saved: SavedPlan, hostname = HOST) {
  const exec = new LocalExecutor({ root: savedRoot(saved, undefined)! });
  return { exec, run: () => reopenSavedPlan({ file: "plan.json", saved, exec, hostname, secretInput: noStdin }) };
}

/** The error a call throws, for assertions on its class and one line. */
async function thrown(f: () => unknown): Promise<Error> {
  try {
    await f();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected an error");
}

/** A document whose checksum is right again after `edit`: what a foreign producer would write. */
function rewritten(text: string, edit: (doc: Record<string, unknown>) => void): Buffer {
  const { checksum: _, ...doc } = JSON.parse(text) as Record<string, unknown>;
  edit(doc);
  return Buffer.from(serializePlan(doc as unknown as SavedPlan));
}

describe("the saved plan file", () => {
  it("holds the format, version, target, profile, rendered config and every change, and no secret", async () => {
    const saved = await makeSaved();
    const text = serializePlan(saved);
    const doc = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(["format", "version", "ftpctl", "created", "target", "profile", "files", "steps", "summary", "checksum"]);
    expect(doc["format"]).toBe("ftpctl-plan");
    expect(doc["target"]).toEqual({ root, hostname: HOST, machineId: "0123456789abcdef0123456789abcdef", distro: "debian" });
    expect(saved.files[0]!.path).toBe("/etc/vsftpd.conf");
    expect(saved.files[0]!.text).toContain("chroot_local_user=YES");
    expect(saved.steps.flatMap((s) => s.changes.map((c) => c.id))).toContain("file:/etc/vsftpd.conf");
    expect(text).not.toContain("a-secret-never-saved");
    expect(parseSavedPlan(Buffer.from(text), "plan.json", VERSION)).toEqual(saved);
    expect(looksLikeSavedPlan(Buffer.from(text))).toBe(true);
  });

  it("is told from a profile by its content, a JSON profile included", () => {
    expect(looksLikeSavedPlan(Buffer.from(readFileSync(profile)))).toBe(false);
    expect(looksLikeSavedPlan(Buffer.from('{"extends": ["jailed"], "users": [{"name": "x"}]}'))).toBe(false);
    expect(looksLikeSavedPlan(Buffer.from('{"format": "something else"}'))).toBe(true);
  });

  it("refuses an edited, foreign, other-version or over-full file in one line, exit 2", async () => {
    const text = serializePlan(await makeSaved());
    const cases: [Buffer, RegExp][] = [
      [Buffer.from(text.replace("/etc/vsftpd.conf is", "/etc/vsftpd.conf  is").replace('"action": "create"', '"action": "delete"')), /changed after ftpctl wrote it \(its checksum does not match\)/],
      [Buffer.from("users: [alice]\n"), /not a saved plan: not JSON/],
      [Buffer.from('{"format": "terraform"}'), /not an ftpctl saved plan/],
      [rewritten(text, (d) => (d["version"] = 2)), /saved plan format version 2; this ftpctl reads version 1/],
      [rewritten(text, (d) => (d["ftpctl"] = "0.0.1")), /made by ftpctl 0\.0\.1, and this is ftpctl 9\.9\.9-test/],
      [rewritten(text, (d) => (d["extra"] = 1)), /not a valid saved plan: the plan\.extra is not a field of a saved plan/],
      [rewritten(text, (d) => ((d["steps"] as { kind: string }[])[0]!.kind = "kernel")), /steps\[0\]\.kind is not one of package, account/],
      [rewritten(text, (d) => delete (d["target"] as Record<string, unknown>)["machineId"]), /target\.machineId is missing/],
    ];
    for (const [bytes, message] of cases) {
      const err = await thrown(() => parseSavedPlan(bytes, "plan.json", VERSION));
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).exitCode).toBe(2);
      expect(err.message).toMatch(/^plan\.json: /);
      expect(err.message).toMatch(message);
      expect(err.message).not.toContain("\n");
    }
  });
});

describe("reopening a saved plan on a staging tree", () => {
  it("yields exactly the saved changes, and applying them makes exactly those", async () => {
    const saved = await makeSaved();
    const before = snapshotTree(root);
    const { exec, run } = reopen(saved);
    const { plan } = await run();
    expect(snapshotTree(root)).toEqual(before);
    const result = await applyPlan(plan, exec, { progress: () => {} });
    expect(result.failed).toBeUndefined();
    const planned = saved.steps.flatMap((s) => s.changes.filter((c) => c.action !== "noop" && c.skipped === undefined).map((c) => c.id));
    expect(planned.length).toBeGreaterThan(0);
    expect(result.results.filter((r) => r.status === "changed").map((r) => r.id)).toEqual(planned);
    expect(readFileSync(join(root, "etc/vsftpd.conf"), "utf8")).toBe(saved.files[0]!.text);
    // Applied once, the same file no longer describes the tree.
    const again = await thrown(() => reopen(saved).run());
    expect(again).toBeInstanceOf(StalePlanError);
  });

  it("is refused after a hand edit, naming the resource, with the tree untouched", async () => {
    const saved = await makeSaved();
    expect(saved.summary.change).toBe(0);
    writeFileSync(join(root, "etc/vsftpd.conf"), readFileSync(join(root, "etc/vsftpd.conf"), "utf8") + "anonymous_enable=YES\n");
    const before = snapshotTree(root);
    const err = await thrown(() => reopen(saved).run());
    expect(err).toBeInstanceOf(StalePlanError);
    expect((err as StalePlanError).exitCode).toBe(1);
    expect(err.message).toMatch(/^plan\.json: the host changed since this plan was made: file:\/etc\/vsftpd\.conf \(/);
    expect(err.message).toMatch(/refusing to apply it, nothing was changed/);
    expect(err.message).not.toContain("\n");
    expect((err as StalePlanError).drift.map((d) => d.id)).toEqual(["file:/etc/vsftpd.conf"]);
    expect(snapshotTree(root)).toEqual(before);
  });

  it("is refused on another machine (another machine id or host name)", async () => {
    const saved = await makeSaved();
    const err = await thrown(() => reopen(saved, "other-host").run());
    expect(err).toBeInstanceOf(FtpctlError);
    expect(err.message).toMatch(/^plan\.json: the plan was made for the staging tree .* on plan-host \(machine id 0123456789ab…\), and this is the staging tree .* on other-host/);
    writeFileSync(join(root, "etc/machine-id"), "fedcba9876543210fedcba9876543210\n");
    try {
      const moved = await thrown(() => reopen(saved).run());
      expect(moved.message).toMatch(/machine id 0123456789ab…\), and this is .*machine id fedcba987654…/);
    } finally {
      writeFileSync(join(root, "etc/machine-id"), "0123456789abcdef0123456789abcdef\n");
    }
  });

  it("takes the staging tree from the plan; another --root is a usage error", async () => {
    const saved = await makeSaved();
    expect(savedRoot(saved, undefined)).toBe(root);
    expect(savedRoot(saved, root)).toBe(root);
    const err = await thrown(() => savedRoot(saved, dir));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(/the saved plan is for --root .*stage; leave --root out with a saved plan/);
  });
});

describe("writing the plan file", () => {
  it("is 0600, replaces an older plan, and never a file that is not one", async () => {
    const out = join(dir, "out.plan");
    const text = serializePlan(await makeSaved());
    writeSavedPlan(out, text);
    expect(statSync(out).mode & 0o7777).toBe(0o600);
    chmodSync(out, 0o644);
    writeSavedPlan(out, text);
    expect(statSync(out).mode & 0o7777).toBe(0o600);
    const before = readFileSync(profile, "utf8");
    const err = await thrown(() => writeSavedPlan(profile, text));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(/the file exists and is not a saved plan; refusing to replace it/);
    expect(readFileSync(profile, "utf8")).toBe(before);
  });
});

describe("comparing a saved plan with the host now", () => {
  const conf: Change = { id: "file:/etc/vsftpd.conf", action: "noop", summary: "/etc/vsftpd.conf is current", before: "3 lines, 0644, owner root:root", after: "3 lines, 0644, owner root:root" };
  const svc: Change = { id: "service:vsftpd", action: "noop", summary: "vsftpd is enabled and active", before: "enabled, active", after: "enabled, active" };
  const plan = (...steps: [string, Change[]][]): Plan => ({
    steps: steps.map(([kind, changes]) => ({ resource: { kind, plan: () => Promise.resolve([]), apply: () => Promise.resolve() }, changes })),
  });
  const saved = (p: Plan) => ({ steps: p.steps.map((s) => ({ kind: s.resource.kind, changes: s.changes.map((c) => JSON.parse(JSON.stringify(c)) as Change) })) }) as unknown as SavedPlan;
  const was = saved(plan(["config", [conf]], ["service", [svc]]));

  it("finds nothing when every change is the saved one; a reason alone (explanation only) is no drift", () => {
    expect(planDrift(was, plan(["config", [conf]], ["service", [svc]]))).toEqual([]);
    expect(planDrift(was, plan(["config", [{ ...conf, reason: "certificate expires in 29 days" }]], ["service", [svc]]))).toEqual([]);
  });

  it("tells the resource whose state changed from those that differ because of it, and names both", () => {
    const edited: Change = { ...conf, action: "update", summary: "update /etc/vsftpd.conf (contents)", before: "4 lines, 0644, owner root:root", diff: "--- a" };
    const restart: Change = { ...svc, action: "update", summary: "systemctl restart vsftpd (/etc/vsftpd.conf changed)", data: { restartFor: ["/etc/vsftpd.conf"] } };
    const drift = planDrift(was, plan(["config", [edited]], ["service", [restart]]));
    expect(drift.map((d) => [d.id, d.observed])).toEqual([
      ["file:/etc/vsftpd.conf", true],
      ["service:vsftpd", false],
    ]);
    expect(new StalePlanError("p.plan", drift).message).toBe(
      "p.plan: the host changed since this plan was made: file:/etc/vsftpd.conf (was 3 lines, 0644, owner root:root, now 4 lines, 0644, owner root:root); so service:vsftpd would differ too; refusing to apply it, nothing was changed (make a new plan with 'ftpctl plan --output p.plan')",
    );
  });

  it("counts a resource no longer planned, or newly planned, as changed on the host", () => {
    const drift = planDrift(was, plan(["config", []], ["service", [svc, { id: "service:other", action: "create", summary: "start other" }]]));
    expect(drift.map((d) => [d.id, d.observed, d.planned?.id, d.now?.id])).toEqual([
      ["service:other", true, undefined, "service:other"],
      ["file:/etc/vsftpd.conf", true, "file:/etc/vsftpd.conf", undefined],
    ]);
    expect(new StalePlanError("p.plan", drift).message).toMatch(/: service:other \(not in the plan; now: start other\); file:\/etc\/vsftpd\.conf \(planned: \/etc\/vsftpd\.conf is current; no longer found\); refusing/);
  });
});
