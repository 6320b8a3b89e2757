import type { Command } from "./command.js";
import { profileOptions } from "./profile-options.js";

const explain: Command = {
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
      .option("stdin-filename", { type: "string", describe: "the name standard input ('-') goes by; ending in .yaml, .yml or .json makes it a profile, else it is read as a vsftpd.conf" }),
  async run(args, io) {
    const { explainCommand } = await import("../profile/explain-command.js");
    return explainCommand(
      {
        file: args["file"] as string,
        set: args["set"] as string[],
        distro: args["distro"] as string,
        json: args["json"] as boolean,
        changed: args["changed"] as boolean,
        ...(args["stdinFilename"] !== undefined ? { stdinFilename: String(args["stdinFilename"]) } : {}),
      },
      io,
    );
  },
};

export default explain;
