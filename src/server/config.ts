/**
 * The effective vsftpd options a server runs with, from a profile or a
 * vsftpd.conf, through the same code `lint`, `render` and `explain` use:
 * a profile is rendered and the rendered text is read back by vsftpd's
 * interpreter, so both inputs reach the server the same way. A config
 * vsftpd would refuse (a lint error) is refused here with that finding.
 */
import { FtpctlError } from "../core/errors.js";
import type { Finding } from "../lint/finding.js";
import { lintBytes } from "../lint/linter.js";
import { readConfigFile } from "../lint/source.js";
import { checkRendered, renderPipeline, runPipeline } from "../profile/pipeline.js";
import { isProfilePath } from "../profile/explain-command.js";
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
  // Debian means "start me from inetd") is not a reason to refuse serving the file.
  const findings = lintBytes({ file, bytes, options: { distro, standalone: false } }).findings;
  const refusal = findings.find((f) => f.severity === "error");
  if (refusal) throw new RefusedConfigError(refusal);
  const conf = interpret(scanBytes(bytes), distro);
  return { get: (name) => conf.effective.get(name), warnings: findings.filter((f) => f.severity === "warning") };
}

/** A profile (YAML/JSON) or a vsftpd.conf; none: the build's compiled defaults. */
export function loadServedConfig(file: string | undefined, o: { set?: readonly string[]; distro: Distro }): ServedConfig {
  if (file === undefined) return configFromBytes("(defaults)", new Uint8Array(), o.distro);
  if (!isProfilePath(file)) return configFromBytes(file, readConfigFile(file), o.distro);
  const p = runPipeline(file, { ...(o.set ? { set: o.set } : {}), distro: o.distro });
  const rendered = renderPipeline(p, "serve");
  checkRendered(p, rendered);
  return configFromBytes(file, Buffer.from(rendered.text), o.distro);
}
