import { defineCommand } from "../command.js";
import { SHELLS } from "./shells.js";

export default defineCommand({
  command: "completion <shell>",
  describe: "Print a completion script for bash, zsh or fish",
  examples: [
    ['eval "$($0 completion bash)"', "complete ftpctl's commands and options in this bash (put it in ~/.bashrc)"],
    ["$0 completion fish > ~/.config/fish/completions/ftpctl.fish", "install it for fish"],
  ],
  builder: (y) => y.positional("shell", { choices: SHELLS, describe: "the shell" }),
  async run(args, io) {
    const { completionScript } = await import("../../cli-completion.js");
    const { COMMANDS } = await import("../index.js");
    // `<shell>` is required: yargs refuses the command line without one before run is reached.
    io.stdout(completionScript(args.shell ?? "bash", COMMANDS));
    return 0;
  },
});
