/**
 * The apply engine's rollback, on real files: a plan for a staging tree
 * that already holds a config and a user list is applied, then a last step
 * fails (standing in for a service that does not come up). Every change is
 * undone in reverse order, the rollback hooks run after the undo steps (so
 * a service restart would read the restored config), and the tree is
 * byte-identical to what it was before.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { FtpctlError } from "../../src/core/errors.js";
import { applyPlan } from "../../src/provision/apply.js";
import { LocalExecutor } from "../../src/provision/local-executor.js";
import { assemble, makePlan, type Plan } from "../../src/provision/plan.js";
import { prepare } from "../../src/provision/prepare.js";
import type { Resource } from "../../src/provision/resource.js";
import { snapshotTree, writeProfile } from "./helpers.js";
import { describeWithTools } from "../helpers/require-tool.js";

// apply, even under --root, takes its lock in /run/lock: only in the test sandbox.
describeWithTools("rollback", ["sandbox"], () => {
  let dir = "";
  let root = "";

  beforeAll(() => {
    dir = mkdtempSync("/tmp/ftpctl-rollback-");
    root = join(dir, "stage");
    mkdirSync(join(root, "etc"), { recursive: true });
    writeFileSync(join(root, "etc/vsftpd.conf"), "listen=YES\nanonymous_enable=NO\nlocal_enable=YES\n", { mode: 0o600 });
    writeFileSync(join(root, "etc/vsftpd.user_list"), "someone\n");
    writeFileSync(join(root, "etc/passwd"), "root:x:0:0::/root:/bin/sh\nftp:x:2101:2101::/srv/ftp:/usr/sbin/nologin\n");
    writeFileSync(join(root, "etc/group"), "root:x:0:\nftp:x:2101:\n");
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("undoes every change in reverse when a step fails, then runs the rollback hooks", async () => {
    const file = writeProfile(dir, "p.yaml", "extends: [jailed, dropbox]\nanonymous:\n  enabled: true\nusers:\n  - name: alice\n");
    const prepared = await prepare({ file, set: [], distro: "debian", root, removeFirewall: false, secretInput: { env: {}, readStdin: async () => undefined } });
    const exec = new LocalExecutor({ root });
    const plan = await makePlan(assemble({ ctx: prepared.ctx, rendered: prepared.rendered, secrets: prepared.secrets }), exec);
    const before = snapshotTree(root);

    let seenByHook = "";
    const failing: Resource = {
      kind: "service",
      plan: async () => [],
      async apply(_c, ctx) {
        ctx.onRollback?.(async () => {
          seenByHook = readFileSync(join(root, "etc/vsftpd.conf"), "utf8");
        });
        throw new FtpctlError("vsftpd did not stay up after the restart");
      },
    };
    const withFailure: Plan = { steps: [...plan.steps, { resource: failing, changes: [{ id: "service:test", action: "update", summary: "restart vsftpd" }] }] };
    const lines: string[] = [];
    const result = await applyPlan(withFailure, exec, { progress: (l) => lines.push(l) });

    expect(result.failed).toEqual({ id: "service:test", message: "vsftpd did not stay up after the restart" });
    const made = result.results.filter((r) => r.status === "rolled-back").map((r) => r.id);
    expect(made).toEqual(expect.arrayContaining(["file:/etc/vsftpd.conf", "file:/etc/vsftpd.user_list", "dir:/srv/ftp", "dir:/srv/ftp/incoming"]));
    expect(result.rolledBack).toBe(made.length);
    expect(result.rollbackErrors).toEqual([]);
    expect(lines).toContain(`rolling back ${made.length} changes`);
    // Reverse order: the config, written last, is undone first.
    const undone = lines.filter((l) => l.startsWith("    undone: "));
    expect(undone[0]).toMatch(/\/etc\/vsftpd\.conf/);
    expect(seenByHook).toBe("listen=YES\nanonymous_enable=NO\nlocal_enable=YES\n");
    expect(snapshotTree(root)).toEqual(before);
  });
});
