import { UsageError } from "../../core/errors.js";
import { FORMATS } from "../../verify/formats.js";
import { DISTRO_CHOICES } from "../../vsftpd/option-spec.js";
import { defineCommand } from "../command.js";
import { interruptible } from "../interrupt.js";

export default defineCommand({
  command: "verify [file]",
  describe: "Check a running FTP server over the wire against a profile or a vsftpd.conf",
  examples: [
    ["$0 verify ftpctl.yaml --host ftp.example.org", "anonymous, passive and TLS checks from anywhere"],
    ["$0 verify ftpctl.yaml --host ftp.example.org --user alice --password-file alice.pw --ca ca.pem", "a local account too: login, jail, an upload/download round trip (removed afterwards)"],
    ["$0 verify /etc/vsftpd.conf --host 127.0.0.1 --format nagios", "a monitoring-plugin line: exit 0 OK, 2 CRITICAL, with perfdata"],
    ["$0 verify ftpctl.yaml --host ftp.example.org --format junit > verify.xml", "a JUnit report for CI"],
  ],
  builder: (y) =>
    y
      .positional("file", { type: "string", describe: "profile (YAML or JSON) or vsftpd.conf stating what the server must do (default: ftpctl.yaml)" })
      .option("host", { type: "string", demandOption: true, describe: "the server to check" })
      .option("port", { type: "number", describe: "control port (default: the configuration's listen_port)" })
      .option("user", { type: "string", describe: "a local account to log in with" })
      .option("password-file", { type: "string", describe: "file whose first line is that account's password (never on the command line)" })
      .option("ca", { type: "string", describe: "CA certificate (PEM) the server's certificate must chain to" })
      .option("insecure", { type: "boolean", default: false, describe: "do not verify the server's certificate chain (the other certificate checks still run)" })
      .option("fingerprint", { type: "string", describe: "pin the server certificate's SHA-256 fingerprint (AB:CD:...)" })
      .option("format", { alias: "f", choices: FORMATS, default: "text" as const, describe: "output format" })
      .option("json", { type: "boolean", default: false, describe: "same as --format json" })
      .option("scratch-dir", { type: "string", describe: "directory the round trip may write its scratch file in (default: the start directory, else files/, upload/ or incoming/)" })
      .option("only", { type: "string", array: true, default: [] as string[], describe: "run only these checks (comma-separated ids)" })
      .option("timeout", { type: "number", default: 10, describe: "seconds to wait for any one reply" })
      .option("set", { type: "string", array: true, default: [] as string[], describe: "override a profile value: --set passive.minPort=50000 (repeatable)" })
      .option("distro", { choices: DISTRO_CHOICES, default: "auto" as const, describe: "the vsftpd build whose defaults apply" }),
  async run(args, io) {
    const port = args.port;
    if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) throw new UsageError(`--port takes 1..65535, not ${String(port)}`);
    const timeout = args.timeout;
    if (!(timeout > 0 && timeout <= 300)) throw new UsageError(`--timeout takes seconds, 0 to 300, not ${String(timeout)}`);
    const { verifyCommand } = await import("./run.js");
    return interruptible((signal) =>
      verifyCommand(
        {
          file: args.file,
          set: args.set,
          distro: args.distro,
          host: args.host,
          port,
          user: args.user,
          passwordFile: args.passwordFile,
          ca: args.ca,
          insecure: args.insecure === true,
          fingerprint: args.fingerprint,
          format: args.json === true ? "json" : args.format,
          only: args.only,
          timeoutMs: timeout * 1000,
          scratchDir: args.scratchDir,
        },
        io,
        signal,
      ),
    );
  },
});
