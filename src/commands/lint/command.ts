import { defaultColor } from "../../core/color.js";
import { UsageError } from "../../core/errors.js";
import type { Executor } from "../../provision/executor.js";
import { FORMAT_NAMES } from "../../lint/format/names.js";
import { DISTRO_CHOICES } from "../../vsftpd/option-spec.js";
import { defineCommand } from "../command.js";

const DESCRIBE = "Check vsftpd.conf files exactly as vsftpd 3.0.3 reads them";

/**
 * The files come from argv as typed: yargs drops a lone "-" from declared
 * positionals (it re-parses them as --files -), so lint declares none and
 * reads them after the command name, keeping "007" a name, not the number 7.
 */
function filesOf(args: { readonly _: readonly (string | number)[] }): string[] {
  return args._.slice(1).map(String);
}

/**
 * `ftpctl lint FILE...` with nothing but names after the command, the form CI
 * runs most, parses to every option's default: main() then runs lint with
 * these arguments without building the yargs parser, about a sixth of what
 * lint adds to a bare Node start on Node 22 (bench/node-versions.mjs).
 * test/cli/plain-lint.test.ts proves the result is yargs' own, word for word.
 */
export function plainLintArgs(argv: readonly string[]): Record<string, unknown> | undefined {
  if (argv[0] !== "lint" || argv.length < 2) return undefined;
  // yargs reads the word "help" anywhere as a request for the help text.
  if (!argv.slice(1).every((a) => a !== "" && a !== "help" && !a.startsWith("-"))) return undefined;
  return { _: [...argv], format: "text", host: false, inetd: false, ignore: [], quiet: false, config: true, fix: false, fixDryRun: false };
}

export default defineCommand({
  command: "lint",
  describe: DESCRIBE,
  examples: [
    ["$0 lint /etc/vsftpd.conf", "lint one file (text output)"],
    ["$0 lint --host", "lint this machine's config, checking files, users and shells too"],
    ["$0 lint --host --ssh root@ftp.example.com", "lint that server's config against that server, over ssh"],
    ["$0 lint --format sarif conf/*.conf > lint.sarif", "SARIF 2.1.0 for code scanning"],
    ["$0 lint --format github vsftpd.conf", "GitHub Actions annotations"],
    ["$0 lint --ignore VSF706,VSF702 --quiet conf/*.conf", "leave two rules out, and report errors only"],
    ["$0 lint --fix vsftpd.conf", "repair spacing, CRLF, BOM and name case; prints a diff (the original kept as vsftpd.conf.bak, same mode and owner)"],
    ["$0 render -o - | $0 lint --stdin-filename vsftpd.conf -", "lint standard input, naming it vsftpd.conf in the findings"],
  ],
  builder: (y) =>
    y
      .usage(`$0 lint [files..]\n\n${DESCRIBE}\n\nfiles: config files (default: the distro's vsftpd.conf); '-' reads standard input (at most 8 MiB)`)
      .parserConfiguration({ "parse-positional-numbers": false, "greedy-arrays": false })
      .strict(false)
      .strictOptions()
      .option("format", { alias: "f", choices: FORMAT_NAMES, default: "text" as const, describe: "output format" })
      .option("distro", { choices: DISTRO_CHOICES, defaultDescription: "auto, or .ftpctl-lint.yaml's", describe: "vsftpd build whose options and defaults apply; auto reads /etc/os-release" })
      .option("host", { type: "boolean", default: false, describe: "also check this machine: referenced files, users, owners, shells, certificates" })
      .option("ssh", { type: "string", describe: "with --host: read the config on the server [user@]host[:port] over ssh and check that server (see docs/ssh.md)" })
      .option("inetd", { type: "boolean", default: false, describe: "vsftpd is started by inetd, not standalone (listen=NO is then correct)" })
      .option("max-warnings", { type: "number", defaultDescription: "-1, or .ftpctl-lint.yaml's", describe: "exit 1 when there are more warnings than this (-1: no limit)" })
      .option("ignore", { type: "string", array: true, default: [] as string[], describe: "rule codes never to report (repeatable, or comma-separated)" })
      .option("severity-threshold", { choices: ["info", "warning", "error"] as const, describe: "report only findings of this severity or worse" })
      .option("quiet", { alias: "q", type: "boolean", default: false, describe: "report errors only (--severity-threshold error)" })
      .option("config", { type: "boolean", default: true, describe: "read .ftpctl-lint.yaml, found by walking up from each file (--no-config: do not)" })
      .option("fix", { type: "boolean", default: false, describe: "repair purely syntactic faults in place and print the diff; the fixed file keeps its mode and owner, the original is kept as <file>.bak" })
      .option("fix-dry-run", { type: "boolean", default: false, describe: "show the diff --fix would make, and lint the result, without writing" })
      .option("stdin-filename", { type: "string", describe: "the name standard input ('-') goes by in findings and messages" })
      .option("color", { type: "boolean", describe: "colour the text output (default: when stdout is a terminal)" }),
  async run(args, io) {
    const { runLint } = await import("./run.js");
    const ssh = args.ssh;
    if (ssh !== undefined && args.host !== true) throw new UsageError("--ssh goes with --host: it lints a server's config against that server");
    const lintWith = (remote?: Executor) =>
      runLint(
        {
          files: filesOf(args),
          ...(args.stdinFilename !== undefined ? { stdinFilename: String(args.stdinFilename) } : {}),
          format: args.format,
          distro: args.distro,
          host: args.host,
          inetd: args.inetd,
          maxWarnings: args.maxWarnings,
          ignore: args.ignore.flatMap((c) => c.split(",")).map((c) => c.trim().toUpperCase()).filter(Boolean),
          ...(args.quiet === true ? { severityThreshold: "error" as const } : args.severityThreshold !== undefined ? { severityThreshold: args.severityThreshold } : {}),
          noConfig: args.config === false,
          fix: args.fix,
          fixDryRun: args.fixDryRun,
          color: args.color ?? defaultColor(),
          ...(remote ? { remote } : {}),
        },
        io,
      );
    if (ssh === undefined) return lintWith();
    // Loaded only for --ssh, so a plain lint starts as fast as before.
    const { withSsh } = await import("../../remote/connect.js");
    return withSsh(ssh, (remote) => lintWith(remote?.exec));
  },
});
