import { defineCommand } from "../../command.js";
import { exportOptions } from "../options.js";

export default defineCommand({
  command: "ansible-role <dir> [file]",
  describe: "Write an Ansible role that does what apply does (ansible.builtin modules only; --check and --diff work)",
  examples: [
    ["$0 export ansible-role roles/ftpctl_vsftpd", "the role for ./ftpctl.yaml, in a new or empty directory"],
    ["$0 export ansible-role roles/ftpctl_vsftpd site.yaml --force", "export again over an earlier export"],
  ],
  builder: (y) => exportOptions(y.positional("dir", { type: "string", demandOption: true, describe: "directory to write the role into (created when missing; must be empty unless --force)" })),
  async run(args, io) {
    const { exportAnsibleRole } = await import("./run.js");
    return exportAnsibleRole({ file: args.file, set: args.set, distro: args.distro, force: args.force, dir: args.dir }, io);
  },
});
