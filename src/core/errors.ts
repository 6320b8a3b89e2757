/**
 * Typed errors. Core code throws these; only the CLI layer (src/cli.ts, src/commands/) turns them into exit
 * codes, so nothing below the CLI shell ever ends the process.
 */
import { shown } from "./shown.js";

export class FtpctlError extends Error {
  /** Process exit code the CLI maps this error to. */
  readonly exitCode: number = 1;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad flags or arguments: exit 2. */
export class UsageError extends FtpctlError {
  override readonly exitCode = 2;
}

/** Input that cannot be read or is not a text config (binary, directory, huge): exit 2. */
export class InputError extends FtpctlError {
  override readonly exitCode = 2;
  constructor(
    readonly file: string,
    /** What is wrong, without the file's name: "no such file". */
    readonly reason: string,
    /** The errno code behind it (ENOENT, EACCES...), when a system call failed. */
    readonly code?: string,
  ) {
    // The reason may quote a path too (a missing parent directory): the whole line is escaped.
    super(shown(`${file}: ${reason}`));
  }
}

/** The command ran and its verdict is failure; the message was already printed. */
export class ExitError extends FtpctlError {
  override readonly exitCode: number;
  constructor(code: number) {
    super(`exit ${code}`);
    this.exitCode = code;
  }
}
