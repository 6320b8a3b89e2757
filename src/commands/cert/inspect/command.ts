import { defineCommand } from "../../command.js";
import { last } from "../options.js";

export default defineCommand({
  command: "inspect <file>",
  describe: "Show a certificate's names, validity and key, and check a key against it",
  examples: [
    ["$0 cert inspect cert.pem --key key.pem", "names, expiry, key size; does the key match?"],
    ["$0 cert inspect --json cert.pem", "as JSON; exit 1 if clients would refuse it"],
  ],
  builder: (y) =>
    y
      .positional("file", { type: "string", describe: "PEM certificate (a chain, or certificate and key together, are fine)" })
      .option("key", { type: "string", describe: "private key file to check against the certificate" })
      .option("json", { type: "boolean", default: false, describe: "print the findings as JSON" }),
  async run(a, io) {
    const { inspectCommand } = await import("./run.js");
    const { withJsonErrors } = await import("../../json-error.js");
    const json = a.json === true;
    // `<file>` is required: yargs refuses the command line without one before run is reached.
    const file = last(a.file) ?? "";
    return withJsonErrors(json, io, { file }, () => inspectCommand({ file, key: last(a.key), json }, io));
  },
});
