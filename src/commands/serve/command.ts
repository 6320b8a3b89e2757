import { UsageError } from "../../core/errors.js";
import { DISTRO_CHOICES } from "../../vsftpd/option-spec.js";
import { defineCommand } from "../command.js";

/** Resolves on the first SIGINT or SIGTERM; the handlers go when the server has stopped. */
function untilSignal(): { stopped: Promise<string>; release: () => void } {
  let release = () => {};
  const stopped = new Promise<string>((resolve) => {
    const on = (sig: string) => resolve(sig);
    process.once("SIGINT", on);
    process.once("SIGTERM", on);
    release = () => {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
    };
  });
  return { stopped, release };
}

export default defineCommand({
  command: "serve [file]",
  describe: "Run the embedded FTP server on a profile or a vsftpd.conf, with vsftpd's meaning (Ctrl-C stops it)",
  examples: [
    ["$0 serve --root ./tree", "anonymous read-only on the build's defaults, on a free port"],
    ["$0 serve /etc/vsftpd.conf --port 2121 --root /srv/ftp", "serve what an existing vsftpd.conf says"],
    ["$0 serve ftpctl.yaml --user alice:alice.pw --root ./home", "a local user whose password is the first line of alice.pw"],
    ["$0 serve --root ./tree --log serve.log", "also append the session events and xferlog lines to serve.log"],
    ["$0 serve ftps.yaml --cert cert.pem --key key.pem --root ./tree", "explicit FTPS (a profile with tls enabled) with this certificate and key"],
  ],
  builder: (y) =>
    y
      .positional("file", { type: "string", describe: "profile (YAML or JSON) or vsftpd.conf; none: the build's compiled defaults" })
      .option("port", { type: "number", default: 0, describe: "port to listen on; 0 picks a free one" })
      .option("address", { type: "string", describe: "address to listen on (default: loopback, ::1 when the configuration says listen_ipv6=YES, else 127.0.0.1)" })
      .option("root", { type: "string", describe: "directory standing in for anon_root and local_root" })
      .option("user", { type: "string", array: true, default: [] as string[], describe: "a local user: NAME:PASSWORDFILE (repeatable; never a password on the command line)" })
      .option("log", { type: "string", describe: "also append every event line to FILE (created 0600; never through a link)" })
      .option("cert", { type: "string", describe: "PEM certificate chain for FTPS, in place of rsa_cert_file (needs ssl_enable=YES)" })
      .option("key", { type: "string", describe: "PEM private key, in place of rsa_private_key_file (default: the --cert file)" })
      .option("set", { type: "string", array: true, default: [] as string[], describe: "override a profile value: --set listen.port=2121 (repeatable)" })
      .option("distro", { choices: DISTRO_CHOICES, default: "auto" as const, describe: "target build; auto reads /etc/os-release" }),
  async run(args, io) {
    const port = args.port;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port takes 0..65535, not ${String(args.port)}`);
    const { serveCommand } = await import("./run.js");
    const signal = untilSignal();
    try {
      return await serveCommand(
        {
          file: args.file,
          set: args.set,
          distro: args.distro,
          port,
          address: args.address,
          root: args.root,
          user: args.user,
          ...(args.log !== undefined ? { log: args.log } : {}),
          cert: args.cert,
          key: args.key,
        },
        io,
        signal.stopped,
      );
    } finally {
      signal.release();
    }
  },
});
