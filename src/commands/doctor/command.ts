import { DISTRO_CHOICES } from "../../vsftpd/option-spec.js";
import { defineCommand } from "../command.js";
import { interruptible } from "../interrupt.js";

export default defineCommand({
  command: "doctor [file]",
  describe: "On the server: find what will make FTP sessions fail (service, port, firewall, users, files), then verify it",
  examples: [
    ["$0 doctor", "check this host's vsftpd as /etc/vsftpd.conf configures it, then verify it on 127.0.0.1"],
    ["$0 doctor ftpctl.yaml --user alice --password-file alice.pw", "also check the profile's users, and log in as alice to verify"],
    ["$0 doctor --json", "the findings as JSON"],
    ["$0 doctor --ssh root@ftp.example.com", "check that server over ssh, from this machine, then verify it at its address"],
  ],
  builder: (y) =>
    y
      .positional("file", { type: "string", describe: "the profile this host was set up from (its users are checked)" })
      .option("config", { type: "string", describe: "the vsftpd.conf vsftpd runs with (default: the distro's)" })
      .option("user", { type: "string", describe: "a local account for verify's login, jail and round-trip checks" })
      .option("password-file", { type: "string", describe: "file whose first line is that account's password" })
      .option("verify", { type: "boolean", default: true, describe: "end with verify against this host (--no-verify leaves it out)" })
      .option("json", { type: "boolean", default: false, describe: "print the findings as JSON" })
      .option("ssh", { type: "string", describe: "check the server [user@]host[:port] over ssh, from this machine (see docs/ssh.md)" })
      .option("distro", { choices: DISTRO_CHOICES, default: "auto" as const, describe: "the vsftpd build; auto reads /etc/os-release" }),
  async run(args, io) {
    const { doctorCommand } = await import("./run.js");
    return interruptible((signal) =>
      doctorCommand(
        {
          file: args.file,
          config: args.config,
          distro: args.distro,
          user: args.user,
          passwordFile: args.passwordFile,
          verify: args.verify !== false,
          json: args.json === true,
          ...(args.ssh !== undefined ? { ssh: args.ssh } : {}),
        },
        io,
        signal,
      ),
    );
  },
});
