/**
 * The CLI shell: declares commands, maps typed errors to exit codes, and is
 * the only place that decides how the process ends. Each command lives in
 * src/commands/<name>.ts and loads its implementation lazily.
 */
import yargs from "yargs";
import { FtpctlError, UsageError } from "./core/errors.js";
import { COMMANDS } from "./commands/index.js";

declare const __FTPCTL_VERSION__: string | undefined;
const VERSION = typeof __FTPCTL_VERSION__ === "string" ? __FTPCTL_VERSION__ : "dev";

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const processIo: Io = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
};

/** Runs one command line and returns the exit code; never exits itself. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let code = 0;
  const parser = yargs([...argv])
    .scriptName("ftpctl")
    .usage("$0 <command> [options]\n\nValidate, lint, render and provision vsftpd configurations.")
    .strict()
    .demandCommand(1, "Name a command; see the list above.")
    .recommendCommands()
    .help()
    .alias("h", "help")
    .version(VERSION)
    .wrap(Math.min(100, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    })
    .epilogue("Exit codes: 0 success, 1 findings or failure, 2 usage error or unreadable input.");
  for (const cmd of COMMANDS) {
    parser.command({
      command: cmd.command,
      describe: cmd.describe,
      builder: (y) => cmd.builder(y).example(cmd.examples.map((e) => [e[0], e[1]] as [string, string])),
      handler: async (args) => {
        code = await cmd.run(args, io);
      },
    });
  }
  try {
    await parser.parseAsync();
    return code;
  } catch (err) {
    if (err instanceof FtpctlError) {
      if (err.message && !(err.constructor.name === "ExitError")) io.stderr(`ftpctl: ${err.message}\n`);
      if (err instanceof UsageError) io.stderr("Run 'ftpctl --help' for usage.\n");
      return err.exitCode;
    }
    io.stderr(`ftpctl: internal error: ${(err as Error)?.stack ?? String(err)}\nPlease report this as a bug.\n`);
    return 70;
  }
}
