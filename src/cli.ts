/**
 * The CLI shell: declares commands, maps typed errors to exit codes, and is
 * the only place that decides how the process ends. Each command lives in
 * src/commands/<name>.ts and loads its implementation lazily.
 *
 * Start-up matters here (bench/lint-startup.mjs): this file touches
 * `process.stdout` only to lay out help, because creating that stream on a
 * pipe or file loads Node's streams and net modules (~2 ms).
 */
import { writeSync } from "node:fs";
import yargs, { type Argv } from "yargs";
import { ExitError, FtpctlError, UsageError } from "./core/errors.js";
import type { Command } from "./commands/command.js";
import { COMMANDS } from "./commands/index.js";

declare const __FTPCTL_VERSION__: string | undefined;
const VERSION = typeof __FTPCTL_VERSION__ === "string" ? __FTPCTL_VERSION__ : "dev";

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/**
 * Writes straight to the descriptor, synchronously, so stdout and stderr keep
 * their order and everything is out when main() returns. A pipe that Node
 * made non-blocking (it does once anything touches process.stdout) refuses
 * with EAGAIN while full: wait a moment and retry, as a blocking write would.
 * A reader that went away (EPIPE, `ftpctl lint | head`) ends the output
 * quietly, as with any Unix filter.
 */
function writer(fd: 1 | 2): (text: string) => void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  let broken = false;
  return (text) => {
    if (broken || text === "") return;
    const bytes = Buffer.from(text);
    let off = 0;
    while (off < bytes.length) {
      try {
        off += writeSync(fd, bytes, off);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === "EAGAIN") Atomics.wait(pause, 0, 0, 1);
        else if (code === "EPIPE") return void (broken = true);
        else throw err;
      }
    }
  };
}

const processIo: Io = { stdout: writer(1), stderr: writer(2) };

/**
 * Help text width: the terminal's, capped at 100. Only a help request renders
 * help, and only then is it worth creating process.stdout to ask.
 */
function helpWidth(argv: readonly string[]): number {
  const wantsHelp = argv.some((a) => a === "-h" || a === "--help" || a.startsWith("--help="));
  return wantsHelp ? Math.min(100, process.stdout.columns || 100) : 100;
}

/**
 * yargs renders the whole help text after every command it runs, only to keep
 * it for a later showHelp(); ftpctl never calls that after a command (its
 * fail() throws instead), and yargs renders afresh when nothing is kept. The
 * rendering took about 4 ms, a sixth of what `lint` added to a bare Node start.
 */
function skipHelpCache(parser: object): void {
  const internals = (parser as { getInternalMethods?: () => { getUsageInstance?: () => Record<string, unknown> } }).getInternalMethods?.();
  const usage = internals?.getUsageInstance?.();
  if (usage && typeof usage["cacheHelpMessage"] === "function") usage["cacheHelpMessage"] = () => {};
}

/** A command line yargs could not take (unknown option, missing argument): the help says what it takes. */
class ArgvError extends UsageError {}

/** `ftpctl cert generate --help` for a command line that named `cert generate`, else `ftpctl --help`. */
function helpCommand(argv: readonly string[]): string {
  const words: string[] = [];
  let cmds: readonly Command[] | undefined = COMMANDS;
  for (const arg of argv) {
    const cmd: Command | undefined = cmds?.find((c) => c.command.split(" ")[0] === arg);
    if (!cmd) break;
    words.push(arg);
    cmds = cmd.subcommands;
  }
  return ["ftpctl", ...words, "--help"].join(" ");
}

/** `plan --detailed-exitcode` (in any spelling yargs takes), where exit 2 is reserved for "changes pending". */
function detailedExitcode(argv: readonly string[]): boolean {
  return argv[0] === "plan" && argv.some((a) => /^--detailed-?[eE]xitcode(=true)?$/.test(a));
}

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
    .wrap(helpWidth(argv))
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new ArgvError(msg);
    })
    .epilogue("Exit codes: 0 success, 1 findings or failure, 2 usage error or unreadable input.");
  skipHelpCache(parser);
  // Every command, nested ones too, runs with the same Io and sets the one exit code.
  const register = (y: Argv, cmd: Command): Argv =>
    y.command({
      command: cmd.command,
      describe: cmd.describe,
      builder: (b) => {
        let built = cmd.builder(b).example(cmd.examples.map((e) => [e[0], e[1]] as [string, string]));
        for (const sub of cmd.subcommands ?? []) built = register(built, sub);
        return cmd.subcommands ? built.demandCommand(1, `Name a subcommand: ${cmd.subcommands.map((c) => c.command.split(" ")[0]).join(", ")}.`) : built;
      },
      handler: async (args) => {
        code = await cmd.run(args, io);
      },
    });
  for (const cmd of COMMANDS) register(parser, cmd);
  try {
    await parser.parseAsync();
    return code;
  } catch (err) {
    if (err instanceof FtpctlError) {
      // One line, whatever went wrong: a usage error names the help that fits what was typed.
      const hint = err instanceof ArgvError ? ` (see '${helpCommand(argv)}')` : "";
      if (err.message && !(err instanceof ExitError)) io.stderr(`ftpctl: ${err.message}${hint}\n`);
      // Under `plan --detailed-exitcode` 2 means "changes pending": every error there is 1, as in Terraform.
      return err.exitCode === 2 && detailedExitcode(argv) ? 1 : err.exitCode;
    }
    io.stderr(`ftpctl: internal error: ${(err as Error)?.stack ?? String(err)}\nPlease report this as a bug.\n`);
    return 70;
  }
}
