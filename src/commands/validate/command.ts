import { defineCommand } from "../command.js";
import { profileOptions } from "../profile-options.js";

export default defineCommand({
  command: "validate [file]",
  describe: "Check a profile against the schema and the cross-field rules",
  examples: [
    ["$0 validate", "validate ./ftpctl.yaml"],
    ["$0 validate site.yaml --set listen.port=2121", "validate with a CI override"],
    ["$0 validate --json", "machine-readable problems"],
  ],
  builder: (y) => profileOptions(y).option("json", { type: "boolean", default: false, describe: "print the result as JSON" }),
  async run(args, io) {
    const { validateCommand } = await import("./run.js");
    return validateCommand({ file: args.file, set: args.set, distro: args.distro, json: args.json }, io);
  },
});
