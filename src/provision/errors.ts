import { FtpctlError } from "../core/errors.js";

/**
 * A resource found something it must not change (an existing account with a
 * login shell) or cannot decide (an owner that does not exist). Planning
 * collects every one before anything is applied. Exit 1.
 */
export class PlanError extends FtpctlError {
  constructor(
    message: string,
    /** What the operator can do about it. */
    readonly hint?: string,
  ) {
    super(hint ? `${message}\n  hint: ${hint}` : message);
  }
}

/** Every plan problem at once, so one run shows all of them. */
export class PlanErrors extends FtpctlError {
  constructor(readonly problems: readonly { readonly kind: string; readonly message: string }[]) {
    super(`${problems.length} problem(s) found while planning; nothing was changed:\n${problems.map((p) => `  ${p.kind}: ${p.message.replaceAll("\n", "\n  ")}`).join("\n")}`);
  }
}

/** A password source that is missing, empty or readable by others. Exit 2, like other unusable input. */
export class SecretError extends FtpctlError {
  override readonly exitCode = 2;
}
