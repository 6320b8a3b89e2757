import { UsageError } from "../../core/errors.js";
import { defineCommand } from "../command.js";
import csr from "./csr/command.js";
import generate from "./generate/command.js";
import inspect from "./inspect/command.js";

export default defineCommand({
  command: "cert",
  describe: "Make, inspect and request TLS certificates for FTPS",
  examples: [
    ["$0 cert generate --cn ftp.example.org", "key and self-signed certificate"],
    ["$0 cert inspect /etc/ssl/certs/vsftpd.pem", "names, expiry and key of a certificate"],
    ["$0 cert csr --cn ftp.example.org -o ftp.csr", "a signing request for a real CA"],
  ],
  builder: (y) => y,
  subcommands: [generate, inspect, csr],
  async run() {
    // Only reached if yargs matched no subcommand, which demandCommand() already refuses.
    throw new UsageError("name a subcommand: generate, inspect or csr");
  },
});
