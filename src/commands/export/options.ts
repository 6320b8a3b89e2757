import type { Argv } from "yargs";

/** The profile flags every export shares. The target is another machine, so --distro names it (debian) instead of reading this host. */
export function exportOptions<T>(y: Argv<T>) {
  return y
    .positional("file", { type: "string", describe: "profile (YAML or JSON); '-' reads standard input", default: "ftpctl.yaml" })
    .option("set", { type: "string", array: true, default: [] as string[], describe: "override a value: --set listen.port=2121 (repeatable)" })
    .option("distro", { choices: ["debian"] as const, default: "debian" as const, describe: "target build (apt-based: Debian, Ubuntu)" })
    .option("force", { type: "boolean", default: false, describe: "write over what is there (replaced files are kept as FILE.bak)" });
}
