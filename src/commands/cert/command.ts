import type { Argv, ArgumentsCamelCase } from "yargs";
import { UsageError } from "../../core/errors.js";
import type { Command } from "../command.js";

type Args = ArgumentsCamelCase<Record<string, unknown>>;

/** A flag given twice arrives as an array; the last one wins, as in most Unix tools. */
const last = (v: unknown): unknown => (Array.isArray(v) ? v[v.length - 1] : v);
const str = (a: Args, k: string) => last(a[k]) as string | undefined;
const num = (a: Args, k: string) => last(a[k]) as number | undefined;
const strs = (a: Args, k: string) => (a[k] as string[] | undefined) ?? [];

const distro = { choices: ["auto", "debian", "rhel", "upstream"] as const, default: "auto", describe: "whose default paths to use; auto reads /etc/os-release" };

const nameOptions = (y: Argv): Argv =>
  y
    .option("cn", { type: "string", describe: "common name (default: this host's FQDN); always also written as a subjectAltName" })
    .option("san", { type: "string", array: true, default: [], describe: "another name clients may dial: DNS:name or IP:address (repeatable)" });

const keyOptions = (y: Argv): Argv =>
  y
    .option("key-type", { choices: ["rsa", "ec"] as const, default: "rsa", describe: "rsa, or ec for a P-256 key" })
    .option("bits", { type: "number", describe: "RSA key size: 2048, 3072 (default) or 4096" });

function commonOptions(y: Argv): Argv {
  return y
    .option("force", { type: "boolean", default: false, describe: "replace existing regular files (never a link), keeping each old one as <file>.bak with its mode and owner" })
    .option("profile", { type: "string", describe: "take the paths from this profile's tls.cert and tls.key" })
    .option("distro", distro)
    .option("json", { type: "boolean", default: false, describe: "print the result as JSON" });
}

const generate: Command = {
  command: "generate",
  describe: "Make a key and a self-signed certificate for vsftpd",
  examples: [
    ["$0 cert generate", "RSA 3072, this host's name, the distro's paths"],
    ["$0 cert generate --cn ftp.example.org --san IP:192.0.2.10", "a name, plus an address clients dial"],
    ["$0 cert generate --key-type ec --cert c.pem --key k.pem", "P-256 key (then set ssl_ciphers=HIGH)"],
    ["$0 cert generate --profile ftpctl.yaml --force", "renew at the profile's paths, keeping .bak copies"],
  ],
  builder: (y: Argv) =>
    commonOptions(
      keyOptions(nameOptions(y).option("days", { type: "number", default: 365, describe: "validity in days" }))
        .option("cert", { type: "string", describe: "certificate file, written 0644; with --cert and --key naming one path, one file holding both, 0600 (default: the distro's, e.g. /etc/ssl/certs/vsftpd.pem)" })
        .option("key", { type: "string", describe: "private key file, written 0600 (default: the distro's, e.g. /etc/ssl/private/vsftpd.key)" }),
    ),
  async run(a, io) {
    const { generateCommand } = await import("./generate/run.js");
    const { withJsonErrors } = await import("../json-error.js");
    return withJsonErrors(a["json"] === true, io, {}, () => generateCommand(
      {
        cn: str(a, "cn"),
        san: strs(a, "san"),
        days: num(a, "days") ?? 365,
        keyType: str(a, "keyType"),
        bits: num(a, "bits"),
        cert: str(a, "cert"),
        key: str(a, "key"),
        force: a["force"] === true,
        profile: str(a, "profile"),
        distro: str(a, "distro") ?? "auto",
        json: a["json"] === true,
      },
      io,
    ));
  },
};

const csr: Command = {
  command: "csr",
  describe: "Make a key and a certificate signing request for a CA",
  examples: [
    ["$0 cert csr --cn ftp.example.org --key k.pem -o ftp.csr", "a request to send to your CA"],
    ["$0 cert csr --cn ftp.example.org --san DNS:ftp --key k.pem", "two names; the request on stdout"],
  ],
  builder: (y: Argv) =>
    commonOptions(
      keyOptions(nameOptions(y))
        .option("key", { type: "string", describe: "private key file, written 0600 (default: the distro's, e.g. /etc/ssl/private/vsftpd.key)" })
        .option("output", { alias: ["o", "out"], type: "string", describe: "write the request here, 0644 (default: standard output)" }),
    ),
  async run(a, io) {
    const { csrCommand } = await import("./csr/run.js");
    const { withJsonErrors } = await import("../json-error.js");
    return withJsonErrors(a["json"] === true, io, {}, () => csrCommand(
      {
        cn: str(a, "cn"),
        san: strs(a, "san"),
        keyType: str(a, "keyType"),
        bits: num(a, "bits"),
        key: str(a, "key"),
        out: str(a, "output"),
        force: a["force"] === true,
        profile: str(a, "profile"),
        distro: str(a, "distro") ?? "auto",
        json: a["json"] === true,
      },
      io,
    ));
  },
};

const inspect: Command = {
  command: "inspect <file>",
  describe: "Show a certificate's names, validity and key, and check a key against it",
  examples: [
    ["$0 cert inspect cert.pem --key key.pem", "names, expiry, key size; does the key match?"],
    ["$0 cert inspect --json cert.pem", "as JSON; exit 1 if clients would refuse it"],
  ],
  builder: (y: Argv) =>
    y
      .positional("file", { type: "string", describe: "PEM certificate (a chain, or certificate and key together, are fine)" })
      .option("key", { type: "string", describe: "private key file to check against the certificate" })
      .option("json", { type: "boolean", default: false, describe: "print the findings as JSON" }),
  async run(a, io) {
    const { inspectCommand } = await import("./inspect/run.js");
    const { withJsonErrors } = await import("../json-error.js");
    const file = str(a, "file")!;
    return withJsonErrors(a["json"] === true, io, { file }, () => inspectCommand({ file, key: str(a, "key"), json: a["json"] === true }, io));
  },
};

const cert: Command = {
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
};

export default cert;
