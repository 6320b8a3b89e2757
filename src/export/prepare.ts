/**
 * From a profile to the steps an export carries: the same pipeline plan and
 * apply run (load, validate, render, lint the rendered text, read the
 * passwords), for the target build named by --distro rather than this host.
 */
import { VERSION } from "../core/version.js";
import { resolveDistro } from "../host/distro.js";
import type { ProfileProblem } from "../profile/errors.js";
import { checkRendered, renderPipeline, runPipeline } from "../profile/pipeline.js";
import type { ProvisionContext } from "../provision/context.js";
import { configPath } from "../provision/resources/config.js";
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
  const distro = resolveDistro(o.distro);
  const p = runPipeline(o.file, { set: o.set, distro });
  const ctx: ProvisionContext = { profile: p.loaded.profile, options: p.options, distro, source: o.file, removeFirewall: false };
  const rendered = renderPipeline(p, VERSION, configPath(ctx));
  const warnings = [...p.warnings, ...checkRendered(p, rendered)];
  const users = ctx.options.get("local_enable")?.value === true ? (ctx.profile.users ?? []) : [];
  const secrets = await readSecrets(users, o.secretInput);
  const steps = await exportSteps({ ctx, rendered, secrets, hash: o.hash ?? sha512Crypt });
  return { steps, warnings };
}
