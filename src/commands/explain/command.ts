import { defineCommand } from "../command.js";
import { profileOptions } from "../profile-options.js";

export default defineCommand({
  command: "explain [file]",
  describe: "Print the effective configuration (every option, its value and where it came from)",
  examples: [
    ["$0 explain", "effective vsftpd options of ./ftpctl.yaml"],
    ["$0 explain /etc/vsftpd.conf", "the same for a hand-written vsftpd.conf"],
    ["$0 explain --json --changed", "only options that differ from the build's defaults, as JSON"],
  ],
  builder: (y) =>
    profileOptions(y)
      .option("json", { type: "boolean", default: false, describe: "print JSON" })
      .option("changed", { type: "boolean", default: false, describe: "only options not at the build's default" })
      .epilogue(
        "FILE is a profile when named *.yaml, *.yml or *.json or when its text is YAML or JSON; otherwise a vsftpd.conf, which --set cannot change (exit 2). " +
          "A vsftpd.conf that vsftpd refuses has no effective values: explain prints its errors, as lint does, and exits 1.",
      ),
  async run(args, io) {
    const { explainCommand } = await import("./run.js");
    return explainCommand({ file: args.file, set: args.set, distro: args.distro, json: args.json, changed: args.changed }, io);
  },
});
