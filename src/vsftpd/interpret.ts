/**
 * Gives each scanned setting the meaning vsftpd gives it for one build:
 * the option it sets and its value, or the exact refusal vsftpd prints.
 * Lookup order follows parseconf.c: string table, then "empty value?",
 * then bool table, then uint table, then unknown.
 */
import type { Distro, OptionSpec, Value } from "./option-spec.js";
import { defaultsFor, hasOption, optionSpec } from "./registry.js";
import type { ScannedConf, SettingLine } from "./scan.js";
import { parseBool, parseUint } from "./values.js";

/**
 * `crash`: Debian's build dies with SIGSEGV (exit 139, no message) on a
 * string value made only of whitespace, e.g. `ftpd_banner= ` or a CRLF
 * `ftpd_banner=\r`; its trimming patch mishandles the empty result.
 */
export type Refusal = "unrecognised" | "missing-value" | "bad-bool" | "crash";

export interface Interpreted {
  readonly setting: SettingLine;
  /** The option this line sets, when vsftpd accepts it. */
  readonly spec?: OptionSpec;
  /** The value vsftpd stores (`null` unsets a string option). */
  readonly value?: Value;
  /** Why vsftpd refuses to start on this line. */
  readonly refusal?: Refusal;
  /** vsftpd's own message, without the "500 OOPS: " prefix (for a crash, what happens instead). */
  readonly message?: string;
}

/**
 * Debian and RHEL/Fedora carry a patch that trims C-whitespace from both ends
 * of string values (seen on the Debian binary: `ftpd_banner=  Hi \r` greets
 * with "220 Hi"); upstream keeps every byte.
 */
function trims(distro: Distro): boolean {
  return distro !== "upstream";
}

const C_SPACE_RUNS = /^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g;

export const CRASH_MESSAGE = "segmentation fault: vsftpd dies without a message (exit status 139)";

export function interpretSetting(setting: SettingLine, distro: Distro): Interpreted {
  const { name, value } = setting;
  const found = optionSpec(name);
  const spec = found && hasOption(found, distro) ? found : undefined;
  if (spec?.kind === "string") {
    if (value === null || value === "") return { setting, spec, value: null };
    if (!trims(distro)) return { setting, spec, value };
    const v = value.replace(C_SPACE_RUNS, "");
    if (v === "" && distro === "debian") return { setting, refusal: "crash", message: CRASH_MESSAGE };
    return { setting, spec, value: v === "" ? null : v };
  }
  if (value === null || value === "") {
    return { setting, refusal: "missing-value", message: `missing value in config file for: ${name}` };
  }
  if (spec?.kind === "bool") {
    const b = parseBool(value);
    if (b === undefined) return { setting, refusal: "bad-bool", message: `bad bool value in config file for: ${name}` };
    return { setting, spec, value: b };
  }
  if (spec) return { setting, spec, value: parseUint(value) };
  return { setting, refusal: "unrecognised", message: `unrecognised variable in config file: ${name}` };
}

export interface Effective {
  /** Value in force: last assignment wins, else the build's compiled default. */
  get(name: string): Value;
  /** The line that set the value in force, if any. */
  source(name: string): Interpreted | undefined;
  /** True when the file assigns the option at all. */
  isSet(name: string): boolean;
}

export interface Interpretation {
  readonly distro: Distro;
  readonly items: readonly Interpreted[];
  readonly effective: Effective;
  /** The first refusal, which is what vsftpd prints before it exits. */
  readonly firstRefusal?: Interpreted;
}

export function interpret(conf: ScannedConf, distro: Distro): Interpretation {
  const items = conf.settings.map((s) => interpretSetting(s, distro));
  const last = new Map<string, Interpreted>();
  for (const it of items) if (it.spec) last.set(it.spec.name, it);
  const defaults = defaultsFor(distro);
  const effective: Effective = {
    get(name) {
      const it = last.get(name);
      if (it) return it.value ?? null;
      // An option this build lacks reads as unset, so build-specific rules stay total.
      return defaults.get(name) ?? null;
    },
    source: (name) => last.get(name),
    isSet: (name) => last.has(name),
  };
  const firstRefusal = items.find((i) => i.refusal);
  return firstRefusal ? { distro, items, effective, firstRefusal } : { distro, items, effective };
}
