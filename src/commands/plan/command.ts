import { defineCommand } from "../command.js";
import { provisionArgs, provisionOptions } from "../provision-options.js";

export default defineCommand({
  command: "plan [file]",
  describe: "Show what apply would change on this host, step by step, changing nothing",
  examples: [
    ["$0 plan", "every step for ./ftpctl.yaml, with the config diff"],
    ["$0 plan --detailed-exitcode", "exit 0 when the host matches, 2 when changes are pending, 1 on error"],
    ["$0 plan --root /tmp/stage --json", "what a staging tree would get, as JSON"],
    ["$0 plan --ssh root@ftp.example.com", "what apply --ssh would change on that server, from this machine"],
    ["$0 plan --output ftpctl.plan", "save the plan; 'ftpctl apply ftpctl.plan' then makes exactly it"],
  ],
  builder: (y) =>
    provisionOptions(y)
      .option("detailed-exitcode", { type: "boolean", default: false, describe: "exit 0 for no changes, 2 for changes pending, 1 for errors" })
      .option("output", { alias: ["o", "out"], type: "string", describe: "also save the plan to FILE (0600) for 'ftpctl apply FILE', which applies exactly it or refuses if the host changed; '-' writes it to standard output" }),
  async run(args, io) {
    const { planCommand } = await import("./run.js");
    return planCommand({ ...provisionArgs(args), detailedExitcode: args.detailedExitcode, ...(args.output !== undefined ? { out: args.output } : {}) }, io);
  },
});
