import { DISTRO_CHOICES } from "../../vsftpd/option-spec.js";
import { defineCommand } from "../command.js";

export default defineCommand({
  command: "import [conf]",
  describe: "Turn an existing vsftpd.conf into a profile with the same effective configuration",
  examples: [
    ["$0 import /etc/vsftpd.conf -o ftpctl.yaml", "start managing an existing server"],
    ["$0 import old.conf --distro rhel", "read it as RHEL's build does"],
  ],
  builder: (y) =>
    y
      .positional("conf", { type: "string", describe: "vsftpd.conf to import (default: the distro's; '-': standard input)" })
      .option("output", { alias: "o", type: "string", describe: "write the profile here ('-': standard output, the default); a new file is 0644, a replaced one keeps its mode and owner" })
      .option("force", { type: "boolean", default: false, describe: "replace an existing regular file (the old one is kept as FILE.bak, same mode and owner)" })
      .option("distro", { choices: DISTRO_CHOICES, default: "auto" as const, describe: "build whose parser and defaults apply" }),
  async run(args, io) {
    const { importCommand } = await import("./run.js");
    return importCommand({ conf: args.conf, output: args.output, force: args.force, distro: args.distro }, io);
  },
});
