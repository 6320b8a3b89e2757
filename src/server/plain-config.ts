/**
 * A vsftpd.conf read as vsftpd reads it, refused as vsftpd would refuse it:
 * the half of the server's config loading that needs no profile machinery
 * (config.ts adds profiles), so `ftpctl serve` on a plain vsftpd.conf starts
 * without loading it.
 */
import { FtpctlError } from "../core/errors.js";
import type { Finding } from "../lint/finding.js";
import { lintBytes } from "../lint/linter.js";
import { readConfigFile } from "../lint/source.js";
import { interpret } from "../vsftpd/interpret.js";
import type { Distro } from "../vsftpd/option-spec.js";
import { scanBytes } from "../vsftpd/scan.js";
import type { OptionGetter } from "./options.js";

/** A config the real vsftpd would refuse: the lint error that says why. */
export class RefusedConfigError extends FtpctlError {
  override readonly exitCode = 1;
  constructor(readonly finding: Finding) {
    super(`${finding.file}:${finding.line}: vsftpd would refuse this configuration: ${finding.message} [${finding.code}]`);
  }
}

export interface ServedConfig {
  readonly get: OptionGetter;
  /** Lint warnings on the served text, for the operator to read at start-up. */
  readonly warnings: readonly Finding[];
}

/** Reads vsftpd.conf bytes as vsftpd would; refuses them as vsftpd would. */
export function configFromBytes(file: string, bytes: Uint8Array, distro: Distro): ServedConfig {
  // The server is its own listener: what only vsftpd's standalone listener refuses (listen=NO on
  // Debian means "start me from inetd") is not a reason to refuse serving the file. A file that
  // does say listen=YES is linted as the standalone server it is, so the standalone-only options it
  // sets (max_per_ip, ...) are not called inert.
  const conf = interpret(scanBytes(bytes), distro);
  const standalone = conf.effective.get("listen") === true || conf.effective.get("listen_ipv6") === true;
  const findings = lintBytes({ file, bytes, options: { distro, standalone } }).findings;
  const refusal = findings.find((f) => f.severity === "error");
  if (refusal) throw new RefusedConfigError(refusal);
  return { get: (name) => conf.effective.get(name), warnings: findings.filter((f) => f.severity === "warning") };
}

/** A vsftpd.conf; none: the build's compiled defaults. */
export function plainServedConfig(file: string | undefined, distro: Distro): ServedConfig {
  if (file === undefined) return configFromBytes("(defaults)", new Uint8Array(), distro);
  return configFromBytes(file, readConfigFile(file), distro);
}
