/**
 * Everything plan and apply need before the first read of the machine: the
 * profile (loaded, validated, mapped to options), the target build, the
 * rendered config and the passwords. Bad input fails here, before any
 * resource runs, so nothing is ever half-applied because of it.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../core/errors.js";
import { VERSION } from "../core/version.js";
import { detectDistro, distroFromOsRelease, resolveDistro } from "../host/distro.js";
import type { ProfileProblem } from "../profile/errors.js";
import { checkRendered, renderPipeline, runPipeline } from "../profile/pipeline.js";
import type { Finding } from "../lint/finding.js";
import type { Distro } from "../vsftpd/option-spec.js";
import type { ProvisionContext } from "./context.js";
import { KINDS } from "./plan.js";
import { configPath } from "./resources/config.js";
import { readSecrets, type Secret, type SecretInput } from "./secrets.js";

export interface PrepareOptions {
  readonly file: string;
  readonly set: readonly string[];
  readonly distro: string;
  readonly root?: string;
  readonly removeFirewall: boolean;
  readonly only?: readonly string[];
  readonly secretInput: SecretInput;
}

export interface Prepared {
  readonly ctx: ProvisionContext;
  readonly rendered: { readonly text: string; readonly findings: readonly Finding[] };
  readonly secrets: ReadonlyMap<string, Secret>;
  readonly warnings: readonly ProfileProblem[];
  readonly only?: ReadonlySet<string>;
}

/** `auto` under --root reads the staging tree's os-release when it has one. */
export function targetDistro(choice: string, root: string | undefined): Distro {
  if (choice === "auto" && root !== undefined) {
    const osr = join(root, "etc/os-release");
    if (existsSync(osr)) return distroFromOsRelease(readFileSync(osr, "utf8"));
    return detectDistro();
  }
  return resolveDistro(choice);
}

export function checkOnly(only: readonly string[] | undefined): ReadonlySet<string> | undefined {
  if (!only || !only.length) return undefined;
  const names = only.flatMap((o) => o.split(",")).map((o) => o.trim()).filter(Boolean);
  const bad = names.filter((n) => !(KINDS as readonly string[]).includes(n));
  if (bad.length) throw new UsageError(`--only: unknown step ${bad.map((b) => `'${b}'`).join(", ")}; steps are ${KINDS.join(", ")}`);
  return new Set(names);
}

export async function prepare(o: PrepareOptions): Promise<Prepared> {
  if (o.root !== undefined && !existsSync(o.root)) throw new UsageError(`--root ${o.root}: no such directory`);
  const only = checkOnly(o.only);
  const distro = targetDistro(o.distro, o.root);
  const p = runPipeline(o.file, { set: o.set, distro });
  const ctx: ProvisionContext = { profile: p.loaded.profile, options: p.options, distro, source: o.file, removeFirewall: o.removeFirewall, ...(o.root !== undefined ? { root: o.root } : {}) };
  // The same text `render` writes; lint warnings it refuses stop here, before anything runs.
  const rendered = renderPipeline(p, VERSION, configPath(ctx));
  const warnings = [...p.warnings, ...checkRendered(p, rendered)];
  const secrets = await readSecrets(localUsers(ctx), o.secretInput);
  return { ctx, rendered, secrets, warnings, ...(only ? { only } : {}) };
}

function localUsers(ctx: ProvisionContext) {
  return ctx.options.get("local_enable")?.value === true ? (ctx.profile.users ?? []) : [];
}
