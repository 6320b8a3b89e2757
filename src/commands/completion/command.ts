import type { Command } from "../command.js";

const completion: Command = {
  command: "completion <shell>",
  describe: "Print a completion script for bash, zsh or fish",
  examples: [
    ['eval "$($0 completion bash)"', "complete ftpctl's commands and options in this bash (put it in ~/.bashrc)"],
    ["$0 completion fish > ~/.config/fish/completions/ftpctl.fish", "install it for fish"],
  ],
  builder: (y) => y.positional("shell", { choices: ["bash", "zsh", "fish"] as const, describe: "the shell" }),
  async run(args, io) {
    const { completionScript } = await import("../../cli-completion.js");
    const { COMMANDS } = await import("../index.js");
    io.stdout(completionScript(args["shell"] as "bash" | "zsh" | "fish", COMMANDS));
    return 0;
  },
};

export default completion;
