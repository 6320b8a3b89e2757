import type { Argv } from "yargs";

/** Flags shared by every command that reads a profile. */
export function profileOptions(y: Argv): Argv {
  return y
    .positional("file", { type: "string", describe: "profile (YAML or JSON); '-' reads standard input", default: "ftpctl.yaml" })
    .option("set", { type: "string", array: true, default: [], describe: "override a value: --set listen.port=2121 (repeatable)" })
    .option("distro", { choices: ["auto", "debian", "rhel", "upstream"] as const, default: "auto", describe: "target build; auto reads /etc/os-release" });
}
