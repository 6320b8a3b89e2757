/**
 * The vsftpd service: enabled, running, and restarted when its config,
 * certificate or PAM service changed in this run; then checked. A restart
 * that "succeeds" proves little: Debian's unit is Type=simple, so systemctl
 * returns before vsftpd has read its config, and vsftpd prints why it
 * refuses to start on its fd 0, which systemd points at /dev/null. So the
 * check polls `systemctl is-active` for a while, and on failure runs the
 * binary on the same config with fd 0 on a file to get its own message,
 * adds the journal's last lines, and fails the run, which rolls back: the
 * earlier steps restore the previous config, then the service is restarted
 * on it (registered with onRollback before anything is touched).
 *
 * Every command goes through the Executor; nothing here talks to systemd
 * directly, so a recording executor sees all of it.
 */
import { FtpctlError } from "../../core/errors.js";
import { serviceManaged, type ProvisionContext } from "../context.js";
import type { Executor } from "../executor.js";
import type { ApplyContext, Change, Resource } from "../resource.js";
import { skippedChange } from "./common.js";
import { configPath } from "./config.js";

export const UNIT = "vsftpd";
export const VSFTPD_BIN = "/usr/sbin/vsftpd";
const INIT_SCRIPT = "/etc/init.d/vsftpd";
const LIMIT = { timeoutMs: 60_000 };

export interface ServiceTiming {
  /** Samples of is-active after a (re)start, and the pause between them. */
  readonly samples: number;
  readonly intervalMs: number;
  /** How long the startup reproduction may run; still running at the end means vsftpd started. */
  readonly reproduceMs: number;
}

export const DEFAULT_TIMING: ServiceTiming = { samples: 6, intervalMs: 250, reproduceMs: 2000 };

export class ServiceFailedError extends FtpctlError {}

type Manager = "systemd" | "init" | "none";

interface Data {
  readonly manager: Manager;
  readonly enable: boolean;
  readonly start: boolean;
  readonly restartFor: readonly string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function manager(exec: Executor): Promise<Manager> {
  // The check sd_booted() makes: systemd is the running init, not merely installed.
  if ((await exec.stat("/run/systemd/system"))?.type === "dir") return "systemd";
  return (await exec.stat(INIT_SCRIPT))?.type === "file" ? "init" : "none";
}

async function systemdState(exec: Executor): Promise<{ enabled: boolean; active: string }> {
  const en = await exec.probe(["systemctl", "is-enabled", UNIT], LIMIT);
  const ac = await exec.probe(["systemctl", "is-active", UNIT], LIMIT);
  return { enabled: en.stdout.trim() === "enabled", active: ac.stdout.trim() || "unknown" };
}

async function initRunning(exec: Executor): Promise<boolean> {
  return (await exec.probe([INIT_SCRIPT, "status"], LIMIT)).code === 0;
}

/**
 * Waits out the moment after a start: vsftpd dies within milliseconds on a
 * bad config, yet is "active" until then. Good means active at every sample.
 */
async function settle(exec: Executor, m: Manager, t: ServiceTiming): Promise<{ ok: boolean; state: string }> {
  let state = "unknown";
  for (let i = 0; i < t.samples; i++) {
    await sleep(t.intervalMs);
    if (m === "systemd") state = (await exec.probe(["systemctl", "is-active", UNIT], LIMIT)).stdout.trim();
    else state = (await initRunning(exec)) ? "active" : "inactive";
    if (state === "activating" || state === "reloading") continue;
    if (state !== "active") return { ok: false, state };
  }
  return { ok: state === "active", state };
}

/**
 * vsftpd's own refusal, reproduced: the real config (no -o changes but
 * background=NO), in the foreground, fd 0 on a file. If it is still running
 * when the time is up, it started fine and is stopped again (execa kills it
 * by PID).
 */
export async function reproduce(exec: Executor, config: string, t: ServiceTiming): Promise<string> {
  const r = await exec.run([VSFTPD_BIN, config, "-obackground=NO"], { captureFd0: true, timeoutMs: t.reproduceMs });
  if (r.skipped) return "";
  // Debian prints on fd 0, RHEL's build on fd 1.
  const said = [r.fd0, r.stdout, r.stderr].map((s) => (s ?? "").trim()).filter(Boolean).join("\n");
  if (r.timedOut) return `run by hand on ${config}, vsftpd starts and keeps running (stopped again): the failure is not in the config${said ? `; it said: ${said}` : ""}`;
  return said ? `vsftpd says: ${said}` : `vsftpd exited ${r.code} without a message`;
}

async function diagnose(exec: Executor, m: Manager, config: string, t: ServiceTiming, state: string): Promise<ServiceFailedError> {
  const lines = [`vsftpd did not stay up after the restart (state: ${state})`, await reproduce(exec, config, t)];
  if (m === "systemd") {
    const j = await exec.probe(["journalctl", "-u", UNIT, "-n", "20", "--no-pager"], LIMIT);
    const text = (j.stdout || j.stderr).trim();
    if (text) lines.push("last journal lines:", ...text.split("\n").map((l) => `  ${l}`));
  }
  return new ServiceFailedError(lines.filter(Boolean).join("\n"));
}

function noSystemdHelp(ctx: ProvisionContext): string {
  const conf = configPath(ctx);
  const bg = ctx.distro === "rhel" ? "" : " -obackground=YES";
  return `start it yourself with: ${VSFTPD_BIN} ${conf}${bg} (it forks into the background), and arrange for it to start at boot`;
}

export interface ServiceDeps {
  /** Ids of the changes planned so far that need a restart (config, certificate, PAM). */
  pendingTriggers(): readonly Change[];
  /** Whether an applied change needs a restart. */
  isTrigger(change: Change): boolean;
  readonly timing?: ServiceTiming;
}

export function serviceResource(ctx: ProvisionContext, deps: ServiceDeps): Resource {
  const timing = deps.timing ?? DEFAULT_TIMING;
  return {
    kind: "service",
    async plan(exec) {
      if (!serviceManaged(ctx)) return [{ id: `service:${UNIT}`, action: "noop", summary: "service not managed (service.manage: false)" }];
      if (exec.root !== undefined) return [skippedChange(`service:${UNIT}`, `enable and (re)start ${UNIT}`)];
      const m = await manager(exec);
      const triggers = deps.pendingTriggers().map((c) => c.id.replace(/^(file|cert):/, ""));
      const because = triggers.length ? ` (${triggers.join(", ")} changed)` : "";
      if (m === "none") {
        return [{ id: `service:${UNIT}`, action: "noop", summary: `no systemd and no ${INIT_SCRIPT}: ftpctl cannot start vsftpd here`, reason: `this host does not run systemd (/run/systemd/system is missing); ${noSystemdHelp(ctx)}` }];
      }
      if (m === "init") {
        const running = await initRunning(exec);
        const data: Data = { manager: m, enable: false, start: !running, restartFor: triggers };
        if (running && !triggers.length) return [{ id: `service:${UNIT}`, action: "noop", summary: `${UNIT} is running (init script)`, before: "running", after: "running" }];
        return [
          {
            id: `service:${UNIT}`,
            action: "update",
            summary: running ? `restart ${UNIT} with ${INIT_SCRIPT}${because}` : `start ${UNIT} with ${INIT_SCRIPT}`,
            before: running ? "running" : "stopped",
            after: "running",
            reason: `this host does not run systemd (/run/systemd/system is missing), so ftpctl uses the init script; make it start at boot with your init system (Debian: update-rc.d vsftpd defaults)`,
            data,
          },
        ];
      }
      const s = await systemdState(exec);
      const active = s.active === "active";
      const data: Data = { manager: m, enable: !s.enabled, start: !active, restartFor: triggers };
      if (s.enabled && active && !triggers.length) {
        return [{ id: `service:${UNIT}`, action: "noop", summary: `${UNIT} is enabled and active`, before: "enabled, active", after: "enabled, active" }];
      }
      const steps = [...(!s.enabled || !active ? ["systemctl enable --now vsftpd"] : []), ...(active && triggers.length ? [`systemctl restart vsftpd${because}`] : [])];
      return [
        {
          id: `service:${UNIT}`,
          action: s.enabled || active ? "update" : "create",
          summary: steps.join(", then "),
          before: `${s.enabled ? "enabled" : "not enabled"}, ${s.active}`,
          after: "enabled, active",
          reason: "then `systemctl is-active` is polled; if vsftpd does not stay up, its own error is shown and the run is rolled back",
          data,
        },
      ];
    },
    async apply(change: Change, actx: ApplyContext) {
      const data = change.data as Data;
      const exec = actx.exec;
      const conf = configPath(ctx);
      const changedNow = (actx.applied ?? []).filter((c) => deps.isTrigger(c)).map((c) => c.id.replace(/^(file|cert):/, ""));
      if (data.manager === "init") {
        const running = await initRunning(exec);
        actx.onRollback?.(async () => {
          await exec.run([INIT_SCRIPT, running ? "restart" : "stop"], LIMIT);
          if (running) actx.progress((await initRunning(exec)) ? "    vsftpd is running again on the previous config" : "    vsftpd did not come back up on the previous config");
        });
        if (running && !changedNow.length) {
          actx.unchanged?.("running, and nothing it reads changed");
          return;
        }
        const r = await exec.run([INIT_SCRIPT, running ? "restart" : "start"], LIMIT);
        const s = r.code === 0 ? await settle(exec, "init", timing) : { ok: false, state: `init script exited ${r.code}` };
        if (!s.ok) throw await diagnose(exec, "init", conf, timing, s.state);
        return;
      }
      const before = await systemdState(exec);
      const wasActive = before.active === "active";
      actx.onRollback?.(async () => {
        // Runs after the other steps put the previous config back.
        if (wasActive) {
          // Failed restarts this run count against systemd's start limit (5 in 10 s by default); a
          // rollback that hit it would leave no server at all, so the count is cleared first.
          await exec.run(["systemctl", "reset-failed", UNIT], LIMIT);
          await exec.run(["systemctl", "restart", UNIT], LIMIT);
          const s = await settle(exec, "systemd", timing);
          actx.progress(s.ok ? "    vsftpd is active again on the previous config" : `    vsftpd did not come back up on the previous config (state: ${s.state})`);
        } else {
          await exec.run(["systemctl", "stop", UNIT], LIMIT);
          if (!before.enabled) await exec.run(["systemctl", "disable", UNIT], LIMIT);
        }
      });
      let acted = false;
      if (!before.enabled || !wasActive) {
        const r = await exec.run(["systemctl", "enable", "--now", UNIT], LIMIT);
        if (r.code !== 0 && !r.skipped) throw new ServiceFailedError(`systemctl enable --now ${UNIT} failed (exit ${r.code}): ${r.stderr.trim()}`);
        acted = true;
      }
      // Already running before this step means running the old config (Debian's package starts it on install).
      if (wasActive && changedNow.length) {
        const r = await exec.run(["systemctl", "restart", UNIT], LIMIT);
        if (r.code !== 0 && !r.skipped) {
          const s = await settle(exec, "systemd", { ...timing, samples: 1 });
          throw await diagnose(exec, "systemd", conf, timing, `systemctl restart exited ${r.code}; ${s.state}`);
        }
        acted = true;
      }
      if (!acted) {
        actx.unchanged?.("enabled and active, and nothing it reads changed");
        return;
      }
      const s = await settle(exec, "systemd", timing);
      if (!s.ok) throw await diagnose(exec, "systemd", conf, timing, s.state);
    },
  };
}
