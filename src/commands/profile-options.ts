import type { Argv } from "yargs";
import { DISTRO_CHOICES } from "../vsftpd/option-spec.js";

/** Flags shared by every command that reads a profile. */
export function profileOptions<T>(y: Argv<T>) {
  return y
    .positional("file", { type: "string", describe: "profile (YAML or JSON); '-' reads standard input", default: "ftpctl.yaml" })
    .option("set", { type: "string", array: true, default: [] as string[], describe: "override a value: --set listen.port=2121 (repeatable)" })
    .option("distro", { choices: DISTRO_CHOICES, default: "auto" as const, describe: "target build; auto reads /etc/os-release" });
}
