/**
 * A built-in profile served by the embedded server, and verify run against
 * it with that profile's expectations: the server may be given extra --set
 * values (the fault being injected), the expectations never are.
 */
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadServedConfig } from "../../src/server/config.js";
import { serverOptions, type LocalUser } from "../../src/server/options.js";
import { startServer } from "../../src/server/server.js";
import { verifyContext, type ContextOptions } from "../../src/verify/context.js";
import { runVerify } from "../../src/verify/run.js";
import type { CheckId, Status, VerifyReport } from "../../src/verify/types.js";
import { freePortRange } from "../live/port-range.js";
import type { Pair } from "./certs.js";

export const ALICE: LocalUser = { name: "alice", password: "s3cret-alice" };

export interface Served {
  readonly report: VerifyReport;
  /** Each check's status, by id. */
  readonly status: Partial<Record<CheckId, Status>>;
  /** What the tree holds after verify ran (it must hold what it held before). */
  readonly left: string[];
}

/** The test's common overrides: loopback, a free passive range, no login delay. */
async function loopback(): Promise<string[]> {
  const range = await freePortRange(5);
  return ["listen.address=127.0.0.1", `passive.minPort=${range.min}`, `passive.maxPort=${range.max}`, "vsftpd.delay_failed_login=0"];
}

export async function verifyServed(
  profiles: string,
  o: { serverSet?: readonly string[]; expectSet?: readonly string[]; users?: readonly LocalUser[]; context?: Partial<ContextOptions>; tls?: Pair; ca?: string } = {},
): Promise<Served> {
  const base = realpathSync(mkdtempSync(join(tmpdir(), "ftpctl-verify-")));
  try {
    const file = join(base, "p.yaml");
    writeFileSync(file, `extends: [${profiles}]\n`);
    const root = join(base, "root");
    mkdirSync(join(root, "files"), { recursive: true });
    mkdirSync(join(root, "incoming"));
    writeFileSync(join(root, "readme.txt"), "hello\n");
    chmodSync(join(root, "incoming"), 0o733);
    chmodSync(root, 0o555);
    const common = await loopback();
    const served = loadServedConfig(file, { set: [...common, ...(o.serverSet ?? [])], distro: "debian" });
    const expected = loadServedConfig(file, { set: [...common, ...(o.expectSet ?? [])], distro: "debian" });
    const users = [...(o.users ?? [])];
    const pem = o.tls ? { cert: o.tls.cert, key: o.tls.key } : {};
    const server = await startServer(serverOptions(served.get, { address: "127.0.0.1", port: 0, root, users, ...pem }));
    try {
      // The client trusts the CA it is given: by default the server's own certificate (self-signed).
      const ca = o.ca ?? o.tls?.cert;
      const ctx = verifyContext(expected.get, { host: "127.0.0.1", port: server.port, ...(users[0] ? { user: users[0] } : {}), ...(ca ? { ca } : {}), timeoutMs: 5000, ...o.context });
      const report = await runVerify(ctx, { source: file });
      const status: Partial<Record<CheckId, Status>> = {};
      for (const r of report.results) status[r.id] = r.status;
      const { readdirSync } = await import("node:fs");
      const left = readdirSync(root, { recursive: true }).map(String).sort();
      return { report, status, left };
    } finally {
      await server.close();
    }
  } finally {
    rmSync(base, { recursive: true, force: true, maxRetries: 2 });
  }
}

/** The failed checks' ids with their reasons, for a message that says what went wrong. */
export function failures(s: Served): string[] {
  return s.report.results.filter((r) => r.status === "fail").map((r) => `${r.id}: ${r.reason}${r.reply ? ` [${r.reply}]` : ""}`);
}
