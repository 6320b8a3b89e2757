/**
 * Reading settings the way host rules need them: typed getters over the
 * main config, with the per-user file from user_config_dir laid on top for
 * one login, as vsftpd does when that user logs in.
 */
import type { HostFacts } from "../../host/facts.js";
import type { Value } from "../../vsftpd/option-spec.js";
import { interpret } from "../../vsftpd/interpret.js";
import { scanBytes } from "../../vsftpd/scan.js";
import type { RuleContext } from "../rule.js";
import type { OptionName } from "../../vsftpd/options.js";

export type Get = (name: OptionName) => Value;

export function str(get: Get, name: OptionName): string | null {
  const v = get(name);
  return typeof v === "string" ? v : null;
}

export function on(get: Get, name: OptionName): boolean {
  return get(name) === true;
}

/**
 * The usual model: a privileged parent and an unprivileged pre-login child
 * chrooted into secure_chroot_dir as nopriv_user. one_process_model (forced
 * by run_as_launching_user) uses neither.
 */
export function twoProcess(ctx: RuleContext): boolean {
  return !on(ctx.get, "one_process_model") && !on(ctx.get, "run_as_launching_user");
}

/** The per-user config file vsftpd loads for this login name, if user_config_dir is set. */
export function perUserFile(get: Get, name: string): string | undefined {
  const dir = str(get, "user_config_dir");
  // vsftpd skips names containing "/" for safety.
  if (dir === null || name.includes("/")) return undefined;
  return `${dir}/${name}`;
}

/** Settings in force for one login: the main config, then its per-user file. */
export function settingsFor(ctx: RuleContext, host: HostFacts, name: string): Get {
  const main: Get = (n) => ctx.get(n);
  const path = perUserFile(main, name);
  const text = path === undefined ? undefined : host.readText(path);
  if (text === undefined) return main;
  const own = interpret(scanBytes(Buffer.from(text, "utf8")), ctx.options.distro).effective;
  return (n) => (own.isSet(n) ? own.get(n) : main(n));
}
