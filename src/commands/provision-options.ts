import type { Argv } from "yargs";
import { defaultColor } from "../core/color.js";
import { KINDS } from "../provision/kinds.js";

/** Flags plan and apply share. --distro takes any string here so that, under --detailed-exitcode, a bad one exits 1, not yargs' 2. */
export function provisionOptions<T>(y: Argv<T>) {
  return y
    .positional("file", { type: "string", describe: "profile (YAML or JSON); '-' reads standard input", default: "ftpctl.yaml" })
    .option("set", { type: "string", array: true, default: [] as string[], describe: "override a value: --set listen.port=2121 (repeatable)" })
    .option("distro", { type: "string", default: "auto", describe: "target build: debian, rhel, upstream, or auto (reads /etc/os-release)" })
    .option("root", { type: "string", describe: "work on a staging tree: every path resolves inside DIR as under chroot (links never lead out); package installs, accounts and services are listed, not done; a DIR that is / is this host" })
    .option("ssh", { type: "string", describe: "work on the server [user@]host[:port] over ssh, from this machine (your ssh config decides keys and host keys; see docs/ssh.md)" })
    .option("only", { type: "string", array: true, default: [] as string[], describe: `only these steps: ${KINDS.join(", ")}` })
    .option("json", { type: "boolean", default: false, describe: "machine-readable output" })
    .option("color", { type: "boolean", describe: "colour the output (default: when stdout is a terminal)" });
}

/** What provisionOptions parses to. */
export interface ProvisionArgv {
  readonly file: string;
  readonly set: string[];
  readonly distro: string;
  readonly root: string | undefined;
  readonly ssh?: string | undefined;
  readonly only: string[];
  readonly json: boolean;
  readonly color: boolean | undefined;
}

/** The options plan and apply share, read back from parsed arguments. */
export function provisionArgs(args: ProvisionArgv) {
  return { file: args.file, set: args.set, distro: args.distro, root: args.root, ...(args.ssh !== undefined ? { ssh: args.ssh } : {}), only: args.only, json: args.json, color: args.color ?? defaultColor() };
}
