import { UsageError } from "../../core/errors.js";
import { defineCommand } from "../command.js";
import ansibleRole from "./ansible-role/command.js";
import cloudInit from "./cloud-init/command.js";

export default defineCommand({
  command: "export",
  describe: "Carry apply's steps to the engines fleets use: an Ansible role, cloud-init user-data",
  examples: [
    ["$0 export ansible-role roles/ftpctl_vsftpd", "an Ansible role"],
    ["$0 export cloud-init -o user-data", "#cloud-config user-data"],
  ],
  builder: (y) => y,
  subcommands: [ansibleRole, cloudInit],
  async run() {
    // Only reached if yargs matched no subcommand, which demandCommand() already refuses.
    throw new UsageError("name what to export: ansible-role or cloud-init");
  },
});
