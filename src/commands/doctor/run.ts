/** `ftpctl doctor`: the CLI half, which prints the report and picks the exit code. */
import type { Io } from "../../core/io.js";
import { UsageError } from "../../core/errors.js";
import { passwordLine, readInput } from "../../core/read-input.js";
import { DISTRO_PATHS, resolveDistro } from "../../host/distro.js";
import { localHostFacts } from "../../host/local-facts.js";
import { readConfigFile } from "../../lint/source.js";
import type { Executor } from "../../provision/executor.js";
import { LocalExecutor } from "../../provision/local-executor.js";
import type { Remote } from "../../remote/connect.js";
import { lintHost } from "../../doctor/checks/lint-host.js";
import { uploadDirs } from "../../doctor/checks/upload-dirs.js";
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
  /** `--ssh [user@]host[:port]`: check that server over ssh. */
  readonly ssh?: string;
}

/** The FTP users to check: a profile's, else the names userlist_file lets in. */
async function usersOf(a: DoctorArgs, get: (n: string) => unknown, distro: Parameters<typeof resolveDistro>[0], remote?: Executor): Promise<string[]> {
  if (a.file !== undefined) {
    const { runPipeline } = await import("../../profile/pipeline.js");
    const p = runPipeline(a.file, { distro: resolveDistro(distro) });
    return (p.loaded.profile.users ?? []).map((u) => u.name);
  }
  const list = get("userlist_file");
  if (get("userlist_enable") !== true || get("userlist_deny") !== false || typeof list !== "string") return [];
  try {
    const bytes = remote ? ((await remote.readFile(list)) ?? Buffer.alloc(0)).subarray(0, 1024 * 1024) : readInput(list, { noun: "a user list", tooLargeFor: "a user list", maxBytes: 1024 * 1024 });
    return bytes.toString("utf8").split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
  } catch {
    return [];
  }
}

export async function doctorCommand(a: DoctorArgs, io: Io, signal: AbortSignal): Promise<number> {
  if ((a.user === undefined) !== (a.passwordFile === undefined)) throw new UsageError("--user and --password-file go together: the password is read from the file, never from the command line");
  if (a.ssh === undefined) return doctorOn(a, io, signal, undefined);
  const { withSsh } = await import("../../remote/connect.js");
  return withSsh(a.ssh, (remote) => doctorOn(a, io, signal, remote));
}

async function doctorOn(a: DoctorArgs, io: Io, signal: AbortSignal, remote: Remote | undefined): Promise<number> {
  const far = remote ? { ...(await import("../../remote/remote-config.js")), ...(await import("../../remote/remote-facts.js")), ...(await import("../../remote/remote-probes.js")) } : undefined;
  const distro = far && remote && a.distro === "auto" ? await far.remoteDistro(remote.exec) : resolveDistro(a.distro);
  const configPath = a.config ?? DISTRO_PATHS[distro].config;
  const configBytes = far && remote ? await far.readRemoteConfig(remote.exec, configPath) : readConfigFile(configPath);
  const conf = interpret(scanBytes(configBytes), distro);
  const get = (n: string) => conf.effective.get(n);
  const base: DoctorContext = {
    configPath,
    configBytes,
    get,
    distro,
    host: localHostFacts(),
    exec: remote?.exec ?? new LocalExecutor({}),
    users: await usersOf(a, get, a.distro, remote?.exec),
    procRoot: "/proc",
  };
  let ctx = base;
  if (far && remote) {
    const exec = remote.exec;
    // The checks that read host facts ask the server in rounds until they ask nothing new.
    const host = await far.remoteHostFacts(exec, async (facts) => {
      for (const check of [lintHost, uploadDirs]) await check.run({ ...base, host: facts });
    });
    ctx = { ...base, host, listeners: (port) => far.remoteListenersOn(exec, port), inContainer: () => far.remoteInContainer(exec) };
  }
  // The password file is the operator's: read on this machine, with --ssh too.
  const password = a.passwordFile !== undefined ? passwordLine(a.passwordFile) : undefined;
  const report = await runDoctor(ctx, { verify: a.verify, signal, ...(a.user !== undefined ? { user: { name: a.user, password: password! } } : {}), ...(remote ? { host: remote.address } : {}) });
  io.stdout(a.json ? formatDoctorJson(report, configPath) : formatDoctorText(report, configPath));
  return doctorExit(report);
}
