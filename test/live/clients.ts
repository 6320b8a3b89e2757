/**
 * The real clients the live tests drive: curl and lftp, run with argv
 * arrays. Passwords travel on stdin (curl's `-K -` config, lftp's command
 * script), never on a command line where `ps` would show them.
 */
import { execa } from "execa";

export const CURL = "/usr/bin/curl";
export const LFTP = "/usr/bin/lftp";
export const OPENSSL = "/usr/bin/openssl";

const CLIENT_TIMEOUT_MS = 20_000;

export interface Login {
  readonly user: string;
  readonly password: string;
}

export interface CurlResult {
  readonly exitCode: number;
  readonly stdout: string;
  /** curl -v's trace: "< 229 Entering Extended Passive Mode (|||n|)" and the like. */
  readonly stderr: string;
}

/**
 * `curl -v --silent --show-error <args>`, ignoring any ~/.curlrc. With a login, the credentials go in
 * a config read from stdin; without one curl logs in as anonymous.
 */
export async function curl(args: readonly string[], login?: Login): Promise<CurlResult> {
  const config = login ? `user = "${login.user}:${login.password}"\n` : "";
  const r = await execa(CURL, ["--disable", "-v", "--silent", "--show-error", "--max-time", "15", ...(login ? ["-K", "-"] : []), ...args], {
    reject: false,
    timeout: CLIENT_TIMEOUT_MS,
    ...(login ? { input: config } : { stdin: "ignore" }),
    stripFinalNewline: false,
  });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** curl's TLS flags for explicit FTPS, verifying the server against `caFile`. */
export const ftps = (caFile: string) => ["--ssl-reqd", "--cacert", caFile];

export interface LftpOptions {
  readonly port: number;
  readonly login?: Login;
  /** Use explicit FTPS, verifying against this CA file. */
  readonly caFile?: string;
}

export interface LftpResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs lftp commands against 127.0.0.1; the script, with the password, is lftp's stdin. */
export async function lftp(commands: readonly string[], o: LftpOptions): Promise<LftpResult> {
  const tls = o.caFile
    ? [
        `set ssl:ca-file ${o.caFile}`,
        "set ssl:verify-certificate yes",
        "set ftp:ssl-force yes",
        "set ftp:ssl-protect-data yes",
        // lftp leaves anonymous sessions in cleartext unless told otherwise.
        "set ftp:ssl-allow-anonymous yes",
      ]
    : ["set ftp:ssl-allow no"];
  const script = [
    "set net:max-retries 1",
    "set net:timeout 5",
    "set net:reconnect-interval-base 1",
    "set cmd:fail-exit no",
    // Otherwise each transfer is logged to stderr when lftp cannot write its transfer log.
    "set xfer:log no",
    ...tls,
    `open ${o.login ? `-u ${o.login.user},${o.login.password} ` : ""}ftp://127.0.0.1:${o.port}`,
    ...commands,
    "bye",
    "",
  ].join("\n");
  const r = await execa(LFTP, [], { reject: false, timeout: CLIENT_TIMEOUT_MS, input: script, stripFinalNewline: false, env: { HOME: "/nonexistent" } });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/**
 * A self-signed certificate for localhost and 127.0.0.1, made with the
 * openssl CLI; it is its own CA, so clients verify against cert.pem.
 */
export async function makeCertificate(dir: string): Promise<{ cert: string; key: string }> {
  const cert = `${dir}/cert.pem`;
  const key = `${dir}/key.pem`;
  await execa(
    OPENSSL,
    [
      "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
      "-subj", "/CN=localhost",
      "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
      "-keyout", key, "-out", cert,
    ],
    { stdin: "ignore", timeout: CLIENT_TIMEOUT_MS },
  );
  return { cert, key };
}
