import { defineCommand } from "../../command.js";
import { commonOptions, keyAndNameArgs, keyOptions, last, nameOptions } from "../options.js";

export default defineCommand({
  command: "generate",
  describe: "Make a key and a self-signed certificate for vsftpd",
  examples: [
    ["$0 cert generate", "RSA 3072, this host's name, the distro's paths"],
    ["$0 cert generate --cn ftp.example.org --san IP:192.0.2.10", "a name, plus an address clients dial"],
    ["$0 cert generate --key-type ec --cert c.pem --key k.pem", "P-256 key (then set ssl_ciphers=HIGH)"],
    ["$0 cert generate --profile ftpctl.yaml --force", "renew at the profile's paths, keeping .bak copies"],
  ],
  builder: (y) =>
    commonOptions(
      keyOptions(nameOptions(y).option("days", { type: "number", default: 365, describe: "validity in days" }))
        .option("cert", { type: "string", describe: "certificate file, written 0644; with --cert and --key naming one path, one file holding both, 0600 (default: the distro's, e.g. /etc/ssl/certs/vsftpd.pem)" })
        .option("key", { type: "string", describe: "private key file, written 0600 (default: the distro's, e.g. /etc/ssl/private/vsftpd.key)" }),
    ),
  async run(a, io) {
    const { generateCommand } = await import("./run.js");
    const { withJsonErrors } = await import("../../json-error.js");
    const json = a.json === true;
    return withJsonErrors(json, io, {}, () =>
      generateCommand(
        { ...keyAndNameArgs(a), days: last(a.days) ?? 365, cert: last(a.cert) },
        io,
      ),
    );
  },
});
