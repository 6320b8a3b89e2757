/**
 * The check `apply` ends with: verify against the server it just set up,
 * on this host, with the expectations of the config it just wrote. A
 * failure is returned as a message, and apply rolls everything back.
 *
 * The certificate check is left out (apply may have just made a
 * self-signed certificate for this host's name, which 127.0.0.1 is not;
 * `lint --host` judges certificates), and the chain is not verified.
 */
import { accepting } from "../core/tcp-probe.js";
import { configFromBytes } from "../server/config.js";
import type { Distro } from "../vsftpd/option-spec.js";
import type { Account } from "./context.js";
import { verifyContext } from "./context.js";
import { resultLine } from "./report.js";
import { runVerify } from "./run.js";
import { CHECK_IDS, type CheckId } from "./types.js";

const CHECKS_AFTER_APPLY: ReadonlySet<CheckId> = new Set(CHECK_IDS.filter((id) => id !== "certificate"));

export interface AfterApply {
  readonly configText: string;
  readonly distro: Distro;
  /** A local account with the password apply just set, for the login, jail and round-trip checks. */
  readonly user: Account | undefined;
  readonly progress: (line: string) => void;
  readonly signal?: AbortSignal;
  /** Where the server is when the config names no listen address: the server's address under --ssh (default 127.0.0.1, this host). */
  readonly host?: string;
}

export async function verifyAfterApply(a: AfterApply): Promise<string | undefined> {
  const cfg = configFromBytes("vsftpd.conf", Buffer.from(a.configText), a.distro);
  const address = cfg.get("listen_address") ?? cfg.get("listen_address6");
  const host = typeof address === "string" && address !== "" ? address : (a.host ?? "127.0.0.1");
  const ctx = verifyContext(cfg.get, { host, ...(a.user ? { user: a.user } : {}), verify: false, timeoutMs: 10_000 });
  a.progress(`verify: the running server against the config, on ${host}:${ctx.port}`);
  // The daemon was (re)started a moment ago: give it a bounded while to accept.
  if (!(await accepting(host, ctx.port, 10_000))) return `verify: nothing accepts connections on ${host}:${ctx.port} after the service started`;
  const report = await runVerify(ctx, { source: "vsftpd.conf", only: CHECKS_AFTER_APPLY, onResult: (r) => a.progress(`  ${resultLine(r).trimStart()}`), ...(a.signal ? { signal: a.signal } : {}) });
  const failed = report.results.filter((r) => r.status === "fail");
  if (!failed.length) return undefined;
  return `verify: the server does not do what the profile says: ${failed.map((r) => `${r.id}: ${r.reason}${r.reply ? ` [${r.reply}]` : ""}`).join("; ")}`;
}
