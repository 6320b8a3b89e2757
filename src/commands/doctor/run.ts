/** `ftpctl doctor`: the CLI half, which prints the report and picks the exit code. */
import type { Io } from "../../core/io.js";
import { UsageError } from "../../core/errors.js";
import { passwordLine, readInput } from "../../core/read-input.js";
import { DISTRO_PATHS, resolveDistro } from "../../host/distro.js";
import { localHostFacts } from "../../host/local-facts.js";
import { readConfigFile } from "../../lint/source.js";
import { LocalExecutor } from "../../provision/local-executor.js";
import { interpret } from "../../vsftpd/interpret.js";
import { scanBytes } from "../../vsftpd/scan.js";
import type { DoctorContext } from "../../doctor/context.js";
import { doctorExit, formatDoctorJson, formatDoctorText } from "../../doctor/report.js";
import { runDoctor } from "../../doctor/run.js";

export interface DoctorArgs {
  readonly file: string | undefined;
  readonly config: string | undefined;
  readonly distro: string;
  readonly user: string | undefined;
  readonly passwordFile: string | undefined;
  readonly verify: boolean;
  readonly json: boolean;
}

/** The FTP users to check: a profile's, else the names userlist_file lets in. */
async function usersOf(a: DoctorArgs, get: (n: string) => unknown, distro: Parameters<typeof resolveDistro>[0]): Promise<string[]> {
  if (a.file !== undefined) {
    const { runPipeline } = await import("../../profile/pipeline.js");
    const p = runPipeline(a.file, { distro: resolveDistro(distro) });
    return (p.loaded.profile.users ?? []).map((u) => u.name);
  }
  const list = get("userlist_file");
  if (get("userlist_enable") !== true || get("userlist_deny") !== false || typeof list !== "string") return [];
  try {
    return readInput(list, { noun: "a user list", tooLargeFor: "a user list", maxBytes: 1024 * 1024 }).toString("utf8").split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
  } catch {
    return [];
  }
}

export async function doctorCommand(a: DoctorArgs, io: Io, signal: AbortSignal): Promise<number> {
  if ((a.user === undefined) !== (a.passwordFile === undefined)) throw new UsageError("--user and --password-file go together: the password is read from the file, never from the command line");
  const distro = resolveDistro(a.distro);
  const configPath = a.config ?? DISTRO_PATHS[distro].config;
  const configBytes = readConfigFile(configPath);
  const conf = interpret(scanBytes(configBytes), distro);
  const get = (n: string) => conf.effective.get(n);
  const ctx: DoctorContext = {
    configPath,
    configBytes,
    get,
    distro,
    host: localHostFacts(),
    exec: new LocalExecutor({}),
    users: await usersOf(a, get, a.distro),
    procRoot: "/proc",
  };
  const password = a.passwordFile !== undefined ? passwordLine(a.passwordFile) : undefined;
  const report = await runDoctor(ctx, { verify: a.verify, signal, ...(a.user !== undefined ? { user: { name: a.user, password: password! } } : {}) });
  io.stdout(a.json ? formatDoctorJson(report, configPath) : formatDoctorText(report, configPath));
  return doctorExit(report);
}
