import { OPTIONS } from "./options.js";
import { DISTROS, type Distro, type OptionSpec, type Value } from "./option-spec.js";

const BY_NAME = new Map(OPTIONS.map((o) => [o.name, o]));

export function optionSpec(name: string): OptionSpec | undefined {
  return BY_NAME.get(name);
}

export function distrosOf(spec: OptionSpec): readonly Distro[] {
  return spec.distros ?? DISTROS;
}

export function hasOption(spec: OptionSpec, distro: Distro): boolean {
  return distrosOf(spec).includes(distro);
}

/** The options one build's parser accepts. */
export function optionsFor(distro: Distro): OptionSpec[] {
  return OPTIONS.filter((o) => hasOption(o, distro));
}

export function defaultFor(spec: OptionSpec, distro: Distro): Value {
  if (distro === "debian" && spec.debian !== undefined) return spec.debian;
  if (distro === "rhel" && spec.rhel !== undefined) return spec.rhel;
  return spec.default;
}

const DEFAULTS = new Map<Distro, ReadonlyMap<string, Value>>();

/** name → compiled default for one build, built once per build. */
export function defaultsFor(distro: Distro): ReadonlyMap<string, Value> {
  let m = DEFAULTS.get(distro);
  if (!m) DEFAULTS.set(distro, (m = new Map(optionsFor(distro).map((o) => [o.name, defaultFor(o, distro)]))));
  return m;
}

/** Options whose compiled default differs between the builds that have them. */
export function isBuildDependent(spec: OptionSpec): boolean {
  const ds = distrosOf(spec);
  return ds.some((d) => defaultFor(spec, d) !== defaultFor(spec, ds[0]!));
}

export { OPTIONS };
