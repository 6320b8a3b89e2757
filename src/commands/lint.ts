import { isatty } from "node:tty";
import type { Command } from "./command.js";

const lint: Command = {
  command: "lint [files..]",
  describe: "Check vsftpd.conf files exactly as vsftpd 3.0.3 reads them",
  examples: [
    ["$0 lint /etc/vsftpd.conf", "lint one file (text output)"],
    ["$0 lint --host", "lint this machine's config, checking files, users and shells too"],
    ["$0 lint --format sarif conf/*.conf > lint.sarif", "SARIF 2.1.0 for code scanning"],
    ["$0 lint --format github vsftpd.conf", "GitHub Actions annotations"],
    ["$0 lint --fix vsftpd.conf", "repair spacing, CRLF, BOM and name case; prints a diff"],
  ],
  builder: (y) =>
    y
      .positional("files", { type: "string", array: true, describe: "config files (default: the distro's vsftpd.conf)" })
      .option("format", { alias: "f", choices: ["text", "json", "sarif", "github"] as const, default: "text", describe: "output format" })
      .option("distro", { choices: ["auto", "debian", "rhel", "upstream"] as const, default: "auto", describe: "vsftpd build whose options and defaults apply; auto reads /etc/os-release" })
      .option("host", { type: "boolean", default: false, describe: "also check this machine: referenced files, users, owners, shells, certificates" })
      .option("inetd", { type: "boolean", default: false, describe: "vsftpd is started by inetd, not standalone (listen=NO is then correct)" })
      .option("max-warnings", { type: "number", default: -1, describe: "exit 1 when there are more warnings than this (-1: no limit)" })
      .option("fix", { type: "boolean", default: false, describe: "repair purely syntactic faults in place and print the diff" })
      .option("fix-dry-run", { type: "boolean", default: false, describe: "show the diff --fix would make, and lint the result, without writing" })
      .option("color", { type: "boolean", describe: "colour the text output (default: when stdout is a terminal)" }),
  async run(args, io) {
    const { runLint } = await import("../lint/run.js");
    return runLint(
      {
        files: (args["files"] as string[] | undefined) ?? [],
        format: args["format"] as "text" | "json" | "sarif" | "github",
        distro: args["distro"] as "auto" | "debian" | "rhel" | "upstream",
        host: args["host"] as boolean,
        inetd: args["inetd"] as boolean,
        maxWarnings: args["maxWarnings"] as number,
        fix: args["fix"] as boolean,
        fixDryRun: args["fixDryRun"] as boolean,
        // isatty(1) rather than process.stdout.isTTY: creating the stream costs start-up time.
        color: (args["color"] as boolean | undefined) ?? (isatty(1) && !process.env["NO_COLOR"]),
      },
      io,
    );
  },
};

export default lint;
