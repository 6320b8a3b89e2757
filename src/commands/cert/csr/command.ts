import { defineCommand } from "../../command.js";
import { commonOptions, keyAndNameArgs, keyOptions, last, nameOptions } from "../options.js";

export default defineCommand({
  command: "csr",
  describe: "Make a key and a certificate signing request for a CA",
  examples: [
    ["$0 cert csr --cn ftp.example.org --key k.pem -o ftp.csr", "a request to send to your CA"],
    ["$0 cert csr --cn ftp.example.org --san DNS:ftp --key k.pem", "two names; the request on stdout"],
  ],
  builder: (y) =>
    commonOptions(
      keyOptions(nameOptions(y))
        .option("key", { type: "string", describe: "private key file, written 0600 (default: the distro's, e.g. /etc/ssl/private/vsftpd.key)" })
        .option("output", { alias: ["o", "out"], type: "string", describe: "write the request here, 0644 (default: standard output)" }),
    ),
  async run(a, io) {
    const { csrCommand } = await import("./run.js");
    const { withJsonErrors } = await import("../../json-error.js");
    const json = a.json === true;
    return withJsonErrors(json, io, {}, () =>
      csrCommand(
        { ...keyAndNameArgs(a), out: last(a.output) },
        io,
      ),
    );
  },
});
