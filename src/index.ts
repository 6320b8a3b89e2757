/**
 * ftpctl as a library: `import { lint, render, startServer } from "ftpctl"`.
 *
 * The same code the CLI runs, without the CLI: nothing here prints, exits or
 * installs signal handlers. Bad input throws the CLI's typed errors
 * (InputError, UsageError, ProfileError; all FtpctlError), so a caller tells
 * a refused input from a bug as the CLI does.
 */
import { checkConfigShape, readConfigFile } from "./lint/source.js";
import { lintBytes } from "./lint/linter.js";
import type { FileResult } from "./lint/finding.js";
import type { ProfileProblem } from "./profile/errors.js";
import { checkRendered, renderPipeline, runPipeline } from "./profile/pipeline.js";
import { VERSION } from "./core/version.js";
import { resolveDistro } from "./host/distro.js";
import type { Distro } from "./vsftpd/option-spec.js";

export * from "./server/index.js";
export { FtpctlError, InputError, UsageError } from "./core/errors.js";
export { ProfileError, RenderedConfigError, formatProblem, type ProfileProblem, type Origin } from "./profile/errors.js";
export { loadProfile, type LoadedProfile, type LoadOptions } from "./profile/load.js";
export type { Profile } from "./profile/types.js";
export type { Finding, FileResult } from "./lint/finding.js";
export type { Distro } from "./vsftpd/option-spec.js";
export { VERSION };

export interface LintOptions {
  /** The name findings carry; default "vsftpd.conf". */
  readonly file?: string;
  /** The vsftpd build whose options and defaults apply; default: this machine's (/etc/os-release), as `--distro auto`. */
  readonly distro?: Distro;
  /** vsftpd is started by inetd, so `listen=NO` is correct (`--inetd`). */
  readonly inetd?: boolean;
}

/**
 * Lints vsftpd.conf text as `ftpctl lint` does (no host checks). Text vsftpd
 * could not read at all (binary, too large) throws InputError.
 */
export function lint(text: string | Uint8Array, options: LintOptions = {}): FileResult {
  const file = options.file ?? "vsftpd.conf";
  const bytes = typeof text === "string" ? Buffer.from(text) : text;
  checkConfigShape(file, bytes);
  return lintChecked(file, bytes, options);
}

/** Lints the file at `path`, read through the same bounded reader as the CLI. */
export function lintFile(path: string, options: Omit<LintOptions, "file"> = {}): FileResult {
  return lintChecked(path, readConfigFile(path), options);
}

function lintChecked(file: string, bytes: Uint8Array, options: LintOptions): FileResult {
  return lintBytes({ file, bytes, options: { distro: options.distro ?? resolveDistro("auto"), standalone: !options.inetd } });
}

export interface ProfileOptions {
  /** Default: this machine's, as `--distro auto`. */
  readonly distro?: Distro;
  /** `--set KEY=VALUE` overrides, applied on top of the profile. */
  readonly set?: readonly string[];
  /** The profile's text, when it is not to be read from `file` (then `file` only names it). */
  readonly text?: string;
}

export interface Rendered {
  /** The vsftpd.conf text, as `ftpctl render` writes it. */
  readonly text: string;
  /** Warnings on the profile and on the rendered file; errors throw instead. */
  readonly warnings: readonly ProfileProblem[];
}

/**
 * Renders a profile (YAML) to vsftpd.conf as `ftpctl render` does. A profile
 * that is invalid, or renders a file vsftpd would refuse or read otherwise
 * than the profile says, throws ProfileError with every problem.
 */
export function render(file: string, options: ProfileOptions = {}): Rendered {
  const p = runPipeline(file, {
    distro: options.distro ?? resolveDistro("auto"),
    ...(options.set ? { set: options.set } : {}),
    ...(options.text !== undefined ? { text: options.text } : {}),
  });
  const rendered = renderPipeline(p, VERSION);
  return { text: rendered.text, warnings: [...p.warnings, ...checkRendered(p, rendered)] };
}

/** Validates a profile as `ftpctl validate` does: its warnings, or ProfileError. */
export function validate(file: string, options: ProfileOptions = {}): readonly ProfileProblem[] {
  return render(file, options).warnings;
}
