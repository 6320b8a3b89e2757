import { defineCommand } from "../command.js";
import { provisionArgs, provisionOptions } from "../provision-options.js";

export default defineCommand({
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
    return planCommand({ ...provisionArgs(args), detailedExitcode: args.detailedExitcode }, io);
  },
});
