/**
 * What every resource is built from: the loaded profile, the options the
 * config is rendered from (exactly those `render` writes), and the target. Resources receive this, never the CLI flags.
 */
import type { OptionMap } from "../profile/to-options.js";
import type { Profile } from "../profile/types.js";
import type { Distro, Value } from "../vsftpd/option-spec.js";
import { defaultFor, optionSpec } from "../vsftpd/registry.js";

export interface ProvisionContext {
  readonly profile: Profile;
  /** The options the config is rendered from, exactly. */
  readonly options: OptionMap;
  readonly distro: Distro;
  /** The profile file, for messages. */
  readonly source: string;
  /** `apply --remove-firewall`: take ftpctl's firewall rules out instead of adding them. */
  readonly removeFirewall: boolean;
  /** Staging root, when planning for `--root DIR`. */
  readonly root?: string;
}

/** The profile's `firewall.manage`; on by default, since passive FTP does not work through a closed firewall. */
export function firewallManaged(ctx: ProvisionContext): boolean {
  return ctx.profile.firewall?.manage ?? true;
}

/** The profile's `service.manage`; on by default. */
export function serviceManaged(ctx: ProvisionContext): boolean {
  return ctx.profile.service?.manage ?? true;
}

/** An option's effective value: as rendered, or the target build's compiled default when the config leaves it out. */
export function optionValue(ctx: ProvisionContext, name: string): Value | undefined {
  const set = ctx.options.get(name);
  if (set) return set.value;
  const spec = optionSpec(name);
  return spec ? defaultFor(spec, ctx.distro) : undefined;
}

export function optionOn(ctx: ProvisionContext, name: string): boolean {
  return optionValue(ctx, name) === true;
}

export function optionString(ctx: ProvisionContext, name: string): string | undefined {
  const v = optionValue(ctx, name);
  return typeof v === "string" && v !== "" ? v : undefined;
}
