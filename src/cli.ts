/**
 * The CLI shell: declares commands, maps typed errors to exit codes, and is
 * the only place that decides how the process ends. Each command lives in
 * its own folder, src/commands/<name>/, and loads its run.ts lazily.
 *
 * Start-up matters here (bench/lint-startup.mjs): this file touches
 * `process.stdout` only to lay out help, because creating that stream on a
 * pipe or file loads Node's streams and net modules (~2 ms).
 */
import yargs, { type Argv } from "yargs";
import { ExitError, FtpctlError, UsageError } from "./core/errors.js";
import { processIo, type Io } from "./core/io.js";
import { oneLine } from "./core/shown.js";
import { closest } from "./lint/suggest.js";
import type { Command } from "./commands/command.js";
import { commandList, EXIT_CODES, formatExamples, TOP_EXAMPLES } from "./cli-help.js";
import { COMMANDS } from "./commands/index.js";
import lintCommand, { plainLintArgs } from "./commands/lint/command.js";

declare const __FTPCTL_VERSION__: string | undefined;
const VERSION = typeof __FTPCTL_VERSION__ === "string" ? __FTPCTL_VERSION__ : "dev";

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

const NO_COMMAND = "no command named";

/** `ftpctl lint --version`: the version is the program's (`ftpctl -V`), not an option of a command. */
function refuseCommandVersion(argv: readonly string[]): void {
  const end = argv.indexOf("--");
  const words = end < 0 ? argv : argv.slice(0, end);
  if (words.length > 1 && !words[0]!.startsWith("-") && words.some((w) => w === "--version" || w === "-V")) {
    throw new ArgvError("--version is ftpctl's own option: run 'ftpctl --version'");
  }
}

/** The option names yargs knows at this point of the parse (the matched command's included). */
function knownOptions(parser: Argv): string[] {
  const withOptions = parser as unknown as { getOptions?: () => { key?: Record<string, unknown> } };
  return Object.keys(withOptions.getOptions?.().key ?? {});
}

/** "Unknown argument: formt" gains "; did you mean --format?" when one option is that close. */
export function withSuggestion(message: string, known: readonly string[]): string {
  const m = /^Unknown arguments?: ([^,\s]+)/.exec(message);
  if (!m) return message;
  const typed = m[1]!.replace(/^-+/, "");
  if (typed.length > 64) return message;
  // Long names only: a one-letter alias is never what a misspelt word meant.
  const near = closest(typed, known.filter((k) => k.length > 1 && !/[A-Z]/.test(k)));
  return near !== undefined ? `${message}; did you mean --${near}?` : message;
}

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

/**
 * True when the command line asked for a machine format (`--json`,
 * `--format json|sarif`, `-f json`): then even a command line yargs refuses
 * gets one JSON document on stdout. Read from the words as typed, since
 * yargs may have refused them before parsing finished.
 */
export function wantsJson(argv: readonly string[]): boolean {
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") break;
    if (a === "--json" || a === "--json=true") json = true;
    else if (a === "--no-json" || a === "--json=false") json = false;
    else if (a === "--format" || a === "-f") json = /^(json|sarif)$/.test(argv[i + 1] ?? "") || json;
    else if (/^(--format=|-f=?)(json|sarif)$/.test(a)) json = true;
  }
  return json;
}

/**
 * The one line an error gets on stderr. yargs writes some refusals on two
 * lines ("Invalid values:" then "  Argument: distro, Given: ..."): they are
 * joined, the mark on "-" (below) is taken off the words yargs quotes (it
 * quotes a value as JSON: "\u0000-"), and what is left of a control
 * character in a name the user typed is shown escaped, never raw.
 */
function errorLine(message: string, fromYargs: boolean): string {
  return oneLine(fromYargs ? message.replaceAll(MARK, "").replaceAll('"\\u0000', '"').replace(/\s*\n\s*/g, " ").trim() : message);
}

/**
 * yargs loses a lone "-" given for a declared positional (`render -` read
 * ./ftpctl.yaml), and puts every word after "--" in `_` instead of the
 * positional (`import -o - -- -` imported the distro's config). Both are
 * passed through it marked with a leading NUL, which no real argument can
 * hold, and unmarked in what the command receives: "-" then reaches the
 * command as typed, and so does a name after "--" that starts with "-".
 */
const MARK = "\0";

export function markWords(argv: readonly string[]): string[] {
  const end = argv.indexOf("--");
  const before = (end < 0 ? argv : argv.slice(0, end)).map((a) => (a === "-" ? MARK + a : a));
  return end < 0 ? before : [...before, ...argv.slice(end + 1).map((a) => MARK + a)];
}

function unmark<T>(v: T): T {
  if (typeof v === "string") return (v.startsWith(MARK) ? v.slice(1) : v) as T;
  if (Array.isArray(v)) return v.map(unmark) as T;
  return v;
}

function unmarkArgs<T extends Record<string, unknown>>(args: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) out[k] = unmark(v);
  return out as T;
}

/** Runs one command line and returns the exit code; never exits itself. */
export async function main(argv: readonly string[], rawIo: Io = processIo): Promise<number> {
  let code = 0;
  // Whether the command printed its own document already (plan --json prints one on its errors).
  let printed = false;
  const io: Io = { stdout: (t) => ((printed ||= t !== ""), rawIo.stdout(t)), stderr: rawIo.stderr };
  const jsonError = (message: string): void => {
    if (!printed && wantsJson(argv)) io.stdout(`${JSON.stringify({ ok: false, error: message }, null, 2)}\n`);
  };
  // The command whose help a --help shows: the deepest one whose builder ran.
  let helpOf: Command | undefined;
  const build = (): Argv => {
    const parser = yargs(markWords(argv))
      // A repeatable option takes one value each time (`--set a=1 --set b=2`): greedy, `render --set
      // listen.port=2121 site.yaml` took the file as a second value and rendered ./ftpctl.yaml.
      .parserConfiguration({ "greedy-arrays": false })
      .scriptName("ftpctl")
      .usage("$0 <command> [options]\n\nValidate, lint, render and provision vsftpd configurations.")
      .strict()
      .demandCommand(1, NO_COMMAND)
      .recommendCommands()
      .help()
      .alias("h", "help")
      .version(VERSION)
      .alias("V", "version")
      .wrap(helpWidth(argv))
      .exitProcess(false)
      .fail((msg, err) => {
        throw err ?? new ArgvError(withSuggestion(msg, knownOptions(parser)));
      });
    skipHelpCache(parser);
    // Every command, nested ones too, runs with the same Io and sets the one exit code.
    const register = (y: Argv, cmd: Command): Argv =>
      y.command({
        command: cmd.command,
        describe: cmd.describe,
        builder: (b) => {
          helpOf = cmd;
          // The version is the program's, asked of `ftpctl -V`, not an option of every command.
          let built = cmd.builder(b.version(false));
          for (const sub of cmd.subcommands ?? []) built = register(built, sub);
          return cmd.subcommands ? built.demandCommand(1, `Name a subcommand: ${cmd.subcommands.map((c) => c.command.split(" ")[0]).join(", ")}.`) : built;
        },
        handler: async (args) => {
          code = await cmd.run(unmarkArgs(args), io);
        },
      });
    for (const cmd of COMMANDS) register(parser, cmd);
    return parser;
  };
  try {
    const plain = plainLintArgs(argv);
    if (plain) return await lintCommand.run(plain as never, io);
    const parser = build();
    refuseCommandVersion(argv);
    let output = "";
    await parser.parseAsync(markWords(argv), {}, (_err: unknown, _argv: unknown, out: string) => {
      output = out;
    });
    if (output !== "") {
      // Help (ours holds the examples and the exit codes) or the version: what yargs would have printed.
      const isHelp = output.includes("Options:");
      const tail = isHelp ? [formatExamples(helpOf ? helpOf.examples : TOP_EXAMPLES, helpWidth(argv)), helpOf ? "" : EXIT_CODES].filter((t) => t !== "") : [];
      io.stdout([output.trimEnd(), ...tail].join("\n\n") + "\n");
    }
    return code;
  } catch (err) {
    if (err instanceof ArgvError && err.message === NO_COMMAND) {
      io.stderr(`${commandList(COMMANDS)}\n\nftpctl: name a command (see 'ftpctl --help')\n`);
      return 2;
    }
    if (err instanceof FtpctlError) {
      // One line, whatever went wrong: a usage error names the help that fits what was typed.
      const hint = err instanceof ArgvError ? ` (see '${helpCommand(argv)}')` : "";
      if (err.message && !(err instanceof ExitError)) {
        const line = errorLine(err.message, err instanceof ArgvError);
        io.stderr(`ftpctl: ${line}${hint}\n`);
        jsonError(line);
      }
      // Under `plan --detailed-exitcode` 2 means "changes pending": every error there is 1, as in Terraform.
      return err.exitCode === 2 && detailedExitcode(argv) ? 1 : err.exitCode;
    }
    io.stderr(`ftpctl: internal error: ${(err as Error)?.stack ?? String(err)}\nPlease report this as a bug.\n`);
    jsonError(`internal error: ${errorLine(String((err as Error)?.message ?? err), false)}`);
    return 70;
  }
}
