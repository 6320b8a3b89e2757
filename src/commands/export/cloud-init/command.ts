import { defineCommand } from "../../command.js";
import { exportOptions } from "../options.js";

export default defineCommand({
  command: "cloud-init [file]",
  describe: "Write #cloud-config user-data that does what apply does at a new VM's first boot",
  examples: [
    ["$0 export cloud-init > user-data", "user-data for ./ftpctl.yaml on standard output"],
    ["$0 export cloud-init site.yaml -o user-data", "into a file (0600 when it holds password hashes)"],
  ],
  builder: (y) =>
    exportOptions(y).option("output", { alias: "o", type: "string", describe: "write to this file ('-': standard output, the default); an existing file is replaced only with --force, kept as FILE.bak" }),
  async run(args, io) {
    const { exportCloudInit } = await import("./run.js");
    return exportCloudInit({ file: args.file, set: args.set, distro: args.distro, force: args.force, output: args.output }, io);
  },
});
