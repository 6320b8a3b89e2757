import { defineCommand } from "../command.js";
import { profileOptions } from "../profile-options.js";

export default defineCommand({
  command: "render [file]",
  describe: "Render a profile into vsftpd.conf (linted before it is written)",
  examples: [
    ["$0 render", "print the vsftpd.conf for ./ftpctl.yaml"],
    ["$0 render -o /etc/vsftpd.conf", "write it atomically, keeping a backup of the old file"],
    ["$0 render --distro rhel -o vsftpd.conf", "render for RHEL/Fedora's build"],
  ],
  builder: (y) =>
    profileOptions(y).option("output", {
      alias: "o",
      type: "string",
      describe: "write to this file ('-': standard output, the default). A new file is 0644; a replaced one keeps its mode and owner, the old one kept as FILE.bak. Only a regular file is replaced; a link is written through to the regular file it names",
    }),
  async run(args, io) {
    const { renderCommand } = await import("./run.js");
    return renderCommand({ file: args.file, set: args.set, distro: args.distro, output: args.output }, io);
  },
});
