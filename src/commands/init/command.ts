import { defineCommand } from "../command.js";

export default defineCommand({
  command: "init",
  describe: "Write a commented starter profile (ftpctl.yaml) from built-in profiles",
  examples: [
    ["$0 init --profile anonymous", "an anonymous-only, read-only server"],
    ["$0 init --profile local --profile jailed --profile ftps", "jailed local users over FTPS"],
    ["$0 init --profile dropbox -o site.yaml", "an anonymous upload-only drop box, written to site.yaml"],
  ],
  builder: (y) =>
    y
      .option("profile", { alias: "p", type: "string", array: true, default: ["anonymous"], describe: "built-in profile to extend (repeatable, composed in order)" })
      .option("output", { alias: "o", type: "string", nargs: 1, default: "ftpctl.yaml", describe: "file to write ('-' for standard output); a new file is 0644, a replaced one keeps its mode and owner" })
      .option("force", { type: "boolean", default: false, describe: "replace an existing regular file (the old one is kept as FILE.bak, same mode and owner)" }),
  async run(args, io) {
    const { initCommand } = await import("./run.js");
    return initCommand({ profiles: args.profile, output: args.output, force: args.force }, io);
  },
});
