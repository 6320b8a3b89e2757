/**
 * Runs doctor's checks on this host, then verify against it: data only.
 * Everything here reads; nothing changes the host.
 */
import { verifyContext, type Account } from "../verify/context.js";
import { runVerify } from "../verify/run.js";
import { CHECK_IDS, type CheckId, type VerifyReport } from "../verify/types.js";
import { container } from "./checks/container.js";
import type { DoctorCheck } from "./checks/check.js";
import { firewall } from "./checks/firewall.js";
import { lintHost } from "./checks/lint-host.js";
import { listener } from "./checks/listener.js";
import { service } from "./checks/service.js";
import { uploadDirs } from "./checks/upload-dirs.js";
import type { DoctorContext } from "./context.js";
import type { DoctorFinding } from "./types.js";

export const DOCTOR_CHECKS_RUN: readonly DoctorCheck[] = [lintHost, service, listener, firewall, uploadDirs, container];

export interface DoctorReport {
  readonly findings: readonly DoctorFinding[];
  /** verify against this host, when it ran (the server was listening). */
  readonly verify?: VerifyReport;
}

// The certificate names this host, which 127.0.0.1 is not; lint --host judges certificates.
const VERIFY_CHECKS: ReadonlySet<CheckId> = new Set(CHECK_IDS.filter((id) => id !== "certificate"));

/** `host`: where verify connects when the config names no listen_address (the server's address under --ssh; 127.0.0.1 on it). */
export async function runDoctor(ctx: DoctorContext, o: { verify: boolean; user?: Account; signal?: AbortSignal; host?: string }): Promise<DoctorReport> {
  const findings: DoctorFinding[] = [];
  for (const check of DOCTOR_CHECKS_RUN) findings.push(...(await check.run(ctx)));
  const serverDown = findings.some((f) => f.check === "listener" && f.severity === "error");
  if (!o.verify || serverDown) return { findings };
  const address = ctx.get("listen_address");
  const host = typeof address === "string" && address !== "" ? address : (o.host ?? "127.0.0.1");
  const vctx = verifyContext(ctx.get, { host, ...(o.user ? { user: o.user } : {}), verify: false, timeoutMs: 5000 });
  const verify = await runVerify(vctx, { source: ctx.configPath, only: VERIFY_CHECKS, ...(o.signal ? { signal: o.signal } : {}) });
  for (const r of verify.results.filter((x) => x.status === "fail")) {
    findings.push({ check: "verify", severity: "error", message: `verify ${r.id}: ${r.reason}${r.reply ? ` [${r.reply}]` : ""}`, fix: "see the findings above; 'ftpctl verify' runs this check alone" });
  }
  return { findings, verify };
}
