/**
 * From a profile to the steps an export carries: the same pipeline plan and
 * apply run (load, validate, render, lint the rendered text, read the
 * passwords), for the target build named by --distro rather than this host.
 */
import { resolveDistro } from "../host/distro.js";
import type { ProfileProblem } from "../profile/errors.js";
import { localUsers, profileFor } from "../provision/prepare.js";
import { readSecrets, type SecretInput } from "../provision/secrets.js";
import { sha512Crypt } from "./password-hash.js";
import { exportSteps, type ExportSteps } from "./steps.js";

export interface ExportOptions {
  readonly file: string;
  readonly set: readonly string[];
  readonly distro: string;
  readonly secretInput: SecretInput;
  /** crypt(3) for a password; OpenSSL's SHA-512 crypt by default. */
  readonly hash?: (password: string) => Promise<string>;
}

export interface PreparedExport {
  readonly steps: ExportSteps;
  readonly warnings: readonly ProfileProblem[];
}

export async function prepareExport(o: ExportOptions): Promise<PreparedExport> {
  const { ctx, rendered, warnings } = profileFor({ file: o.file, set: o.set, distro: resolveDistro(o.distro), removeFirewall: false });
  const secrets = await readSecrets(localUsers(ctx), o.secretInput);
  const steps = await exportSteps({ ctx, rendered, secrets, hash: o.hash ?? sha512Crypt });
  return { steps, warnings };
}
