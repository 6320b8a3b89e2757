/**
 * `ftpctl verify`: the checks against a running server, with the
 * expectations of a profile or a vsftpd.conf; the one place that prints
 * them and picks the exit code.
 */
import type { Io } from "../../core/io.js";
import { UsageError } from "../../core/errors.js";
import { passwordLine, PEM_INPUT, readInput } from "../../core/read-input.js";
import { resolveDistro } from "../../host/distro.js";
import { ProfileError } from "../../profile/errors.js";
import { reportProfileError } from "../profile-report.js";
import { loadServedConfig } from "../../server/config.js";
import { verifyContext } from "../../verify/context.js";
import { formatJson, formatJunit, formatNagios, formatText, resultLine, verifyExit, type VerifyFormat } from "../../verify/report.js";
import { runVerify, UnreachableError } from "../../verify/run.js";
import { CHECK_IDS, type CheckId } from "../../verify/types.js";

declare const __FTPCTL_VERSION__: string | undefined;
const VERSION = typeof __FTPCTL_VERSION__ === "string" ? __FTPCTL_VERSION__ : "dev";

export interface VerifyArgs {
  readonly file: string | undefined;
  readonly set: readonly string[];
  readonly distro: string;
  readonly host: string;
  readonly port: number | undefined;
  readonly user: string | undefined;
  readonly passwordFile: string | undefined;
  readonly ca: string | undefined;
  readonly insecure: boolean;
  readonly fingerprint: string | undefined;
  readonly format: VerifyFormat;
  readonly only: readonly string[];
  readonly timeoutMs: number;
  readonly scratchDir: string | undefined;
}

function checkArgs(a: VerifyArgs): ReadonlySet<CheckId> | undefined {
  if ((a.user === undefined) !== (a.passwordFile === undefined)) throw new UsageError("--user and --password-file go together: the password is read from the file, never from the command line");
  if (a.fingerprint !== undefined && !/^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$/.test(a.fingerprint)) throw new UsageError("--fingerprint takes a SHA-256 fingerprint as openssl prints it (AB:CD:...: 32 bytes)");
  const only = a.only.flatMap((o) => o.split(",")).map((o) => o.trim()).filter(Boolean);
  const bad = only.filter((o) => !(CHECK_IDS as readonly string[]).includes(o));
  if (bad.length) throw new UsageError(`--only: unknown check ${bad.map((b) => `'${b}'`).join(", ")}; checks are ${CHECK_IDS.join(", ")}`);
  return only.length ? new Set(only as CheckId[]) : undefined;
}

export async function verifyCommand(a: VerifyArgs, io: Io, signal: AbortSignal): Promise<number> {
  const only = checkArgs(a);
  const distro = resolveDistro(a.distro);
  let cfg;
  try {
    cfg = loadServedConfig(a.file ?? "ftpctl.yaml", { set: a.set, distro });
  } catch (err) {
    if (err instanceof ProfileError) return reportProfileError(err, io);
    throw err;
  }
  const password = a.passwordFile !== undefined ? passwordLine(a.passwordFile) : undefined;
  if (password === "") throw new UsageError(`${a.passwordFile}: the password file is empty`);
  const ctx = verifyContext(cfg.get, {
    host: a.host,
    ...(a.port !== undefined ? { port: a.port } : {}),
    ...(a.user !== undefined ? { user: { name: a.user, password: password! } } : {}),
    verify: !a.insecure,
    ...(a.ca !== undefined ? { ca: readInput(a.ca, PEM_INPUT).toString("utf8") } : {}),
    ...(a.fingerprint !== undefined ? { fingerprint: a.fingerprint } : {}),
    ...(a.scratchDir !== undefined ? { scratchDir: a.scratchDir } : {}),
    timeoutMs: a.timeoutMs,
  });
  const streaming = a.format === "text";
  if (streaming) io.stdout(`ftpctl verify ftp://${ctx.host}:${ctx.port} against ${a.file ?? "ftpctl.yaml"}\n`);
  try {
    const report = await runVerify(ctx, { source: a.file ?? "ftpctl.yaml", signal, ...(only ? { only } : {}), ...(streaming ? { onResult: (r) => io.stdout(resultLine(r) + "\n") } : {}) });
    if (a.format === "text") io.stdout(formatText(report, false).split("\n").slice(1).join("\n"));
    else if (a.format === "json") io.stdout(formatJson(report, distro, VERSION));
    else if (a.format === "junit") io.stdout(formatJunit(report));
    else io.stdout(formatNagios(report));
    if (signal.aborted) {
      io.stderr(`ftpctl: verify interrupted by ${String(signal.reason)}; the checks that ran are reported, and nothing was left on the server\n`);
      return String(signal.reason) === "SIGTERM" ? 143 : 130;
    }
    return verifyExit(report, a.format);
  } catch (err) {
    if (err instanceof UnreachableError && a.format === "nagios") {
      io.stdout(`FTP CRITICAL - ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
