import { defineCommand } from "../command.js";

export default defineCommand({
  command: "rules [code]",
  describe: "List lint's rules, or print one rule's page (offline), as `ruff rule` does",
  examples: [
    ["$0 rules", "every rule: code, severity, name and what it checks"],
    ["$0 rules VSF606", "the page for VSF606: what vsftpd does, an incorrect and a correct config"],
    ["$0 rules --json", "the rules as JSON, for tools"],
  ],
  builder: (y) =>
    y
      .positional("code", { type: "string", describe: "a rule code (VSF606) or name (chroot-list-inverted)" })
      .option("json", { type: "boolean", default: false, describe: "print the rules as JSON" }),
  async run(args, io) {
    const { rulesCommand } = await import("./run.js");
    return rulesCommand({ code: args.code, json: args.json === true }, io);
  },
});
