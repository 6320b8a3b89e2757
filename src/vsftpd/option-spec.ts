/** The three builds ftpctl knows. `upstream` is vsftpd 3.0.3 as released. */
export type Distro = "upstream" | "debian" | "rhel";
export const DISTROS: readonly Distro[] = ["upstream", "debian", "rhel"];

/** What --distro and a lint config's `distro:` take: a build, or `auto` (read /etc/os-release). */
export const DISTRO_CHOICES = ["auto", "debian", "rhel", "upstream"] as const;
export type DistroChoice = (typeof DISTRO_CHOICES)[number];

/**
 * vsftpd's parser knows bool, uint and string. `mode` is a uint that is
 * conventionally written in octal (umasks and file modes); the parser does
 * not distinguish it, but lint and render do.
 */
export type Kind = "bool" | "uint" | "mode" | "string";

/** A parsed value. `null` is an unset string option. */
export type Value = boolean | number | string | null;

export interface OptionSpec {
  readonly name: string;
  readonly kind: Kind;
  /** Compiled default of the first build that has the option (upstream where it exists). */
  readonly default: Value;
  /** Debian 3.0.3-13's compiled default, only where it differs. */
  readonly debian?: Value;
  /** RHEL/Fedora's compiled default, only where it differs. */
  readonly rhel?: Value;
  /** Builds that have the option; absent means upstream, Debian and RHEL. */
  readonly distros?: readonly Distro[];
  /** One line for docs and `explain`. */
  readonly doc: string;
  /** String options: the longest value, in UTF-8 bytes, vsftpd can use as written. */
  readonly maxBytes?: number;
  /** Present in the binary but missing from its man page. */
  readonly undocumented?: boolean;
}
