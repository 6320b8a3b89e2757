import { defineCommand } from "../command.js";
import { provisionArgs, provisionOptions } from "../provision-options.js";

export default defineCommand({
  command: "apply [file]",
  describe: "Make this host match the profile: package, accounts, directories, config, firewall, service; rolls back on failure",
  examples: [
    ["$0 apply --yes", "apply ./ftpctl.yaml without asking (for ssh and scripts)"],
    ["$0 apply --ssh root@ftp.example.com:2222 --yes", "set up that server from this machine over ssh; nothing to install there first"],
    ["$0 apply --dry-run", "the same as 'ftpctl plan'"],
    ["$0 apply --root /tmp/stage --yes", "write the files into a staging tree instead of /"],
    ["$0 apply --remove-firewall --yes", "take out every firewall rule ftpctl added"],
    ["$0 apply --yes --no-verify", "do not end with verify against the server just set up"],
    ["$0 apply ftpctl.plan --yes", "apply exactly what 'plan --output ftpctl.plan' saved; refused if the host changed"],
  ],
  builder: (y) =>
    provisionOptions(y)
      .positional("file", { type: "string", describe: "profile (YAML or JSON; '-' reads standard input), or a plan saved with 'ftpctl plan --output FILE' (told apart by its content)", default: "ftpctl.yaml" })
      .option("yes", { alias: "y", type: "boolean", default: false, describe: "do not ask; required when stdin is not a terminal" })
      .option("dry-run", { type: "boolean", default: false, describe: "only show the plan" })
      .option("remove-firewall", { type: "boolean", default: false, describe: "remove every firewall rule ftpctl added, whatever the profile says" })
      .option("verify", { type: "boolean", default: true, describe: "end with 'ftpctl verify' against the server just set up, and roll back if it fails (--no-verify leaves it out)" }),
  async run(args, io) {
    const { applyCommand } = await import("./run.js");
    return applyCommand(
      {
        ...provisionArgs(args),
        detailedExitcode: false,
        yes: args.yes,
        dryRun: args.dryRun,
        removeFirewall: args.removeFirewall,
        noVerify: args.verify === false,
      },
      io,
    );
  },
});
