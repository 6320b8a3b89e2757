import type { Argv } from "yargs";
import { defaultColor } from "../../core/color.js";
import type { Command } from "../command.js";

/** Flags plan and apply share. --distro takes any string here so that, under --detailed-exitcode, a bad one exits 1, not yargs' 2. */
export function provisionOptions(y: Argv): Argv {
  return y
    .positional("file", { type: "string", describe: "profile (YAML or JSON); '-' reads standard input", default: "ftpctl.yaml" })
    .option("set", { type: "string", array: true, default: [], describe: "override a value: --set listen.port=2121 (repeatable)" })
    .option("distro", { type: "string", default: "auto", describe: "target build: debian, rhel, upstream, or auto (reads /etc/os-release)" })
    .option("root", { type: "string", describe: "work on a staging tree: every path resolves inside DIR as under chroot (links never lead out); package installs, accounts and services are listed, not done; a DIR that is / is this host" })
    .option("only", { type: "string", array: true, default: [], describe: "only these steps: package, account, users, pam, directories, lists, certificate, config, firewall, service" })
    .option("json", { type: "boolean", default: false, describe: "machine-readable output" })
    .option("color", { type: "boolean", describe: "colour the output (default: when stdout is a terminal)" });
}

/** The options plan and apply share, read back from parsed arguments. */
export function provisionArgs(args: Record<string, unknown>) {
  return {
    file: args["file"] as string,
    set: args["set"] as string[],
    distro: args["distro"] as string,
    root: args["root"] as string | undefined,
    only: args["only"] as string[],
    json: args["json"] as boolean,
    color: colorFor(args),
  };
}

export function colorFor(args: Record<string, unknown>): boolean {
  return (args["color"] as boolean | undefined) ?? defaultColor();
}

const plan: Command = {
  command: "plan [file]",
  describe: "Show what apply would change on this host, step by step, changing nothing",
  examples: [
    ["$0 plan", "every step for ./ftpctl.yaml, with the config diff"],
    ["$0 plan --detailed-exitcode", "exit 0 when the host matches, 2 when changes are pending, 1 on error"],
    ["$0 plan --root /tmp/stage --json", "what a staging tree would get, as JSON"],
  ],
  builder: (y) =>
    provisionOptions(y).option("detailed-exitcode", { type: "boolean", default: false, describe: "exit 0 for no changes, 2 for changes pending, 1 for errors" }),
  async run(args, io) {
    const { planCommand } = await import("./run.js");
    return planCommand({ ...provisionArgs(args), detailedExitcode: args["detailedExitcode"] as boolean }, io);
  },
};

export default plan;
