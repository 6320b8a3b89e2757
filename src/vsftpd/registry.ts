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

/** Options whose compiled default differs between the builds that have them. */
export function isBuildDependent(spec: OptionSpec): boolean {
  const ds = distrosOf(spec);
  return ds.some((d) => defaultFor(spec, d) !== defaultFor(spec, ds[0]!));
}

export { OPTIONS };
