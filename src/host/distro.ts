/**
 * Distro awareness: which vsftpd build a machine runs and where its files
 * live. /etc/os-release is a shell-style KEY=value file, one of the formats
 * whose rules the `ini` package matches.
 */
import { readFileSync } from "node:fs";
import { parse } from "ini";
import { DISTROS, type Distro } from "../vsftpd/option-spec.js";
import { UsageError } from "../core/errors.js";

export type { DistroChoice } from "../vsftpd/option-spec.js";

const DEBIAN_IDS = new Set(["debian", "ubuntu", "raspbian", "linuxmint", "pop", "devuan", "kali"]);
const RHEL_IDS = new Set(["rhel", "fedora", "centos", "rocky", "almalinux", "ol", "amzn", "scientific"]);

function unquote(v: unknown): string {
  return typeof v === "string" ? v.replace(/^["']|["']$/g, "") : "";
}

/** Maps os-release text to a build; unknown systems fall back to upstream. */
export function distroFromOsRelease(text: string): Distro {
  const fields = parse(text) as Record<string, unknown>;
  const ids = [unquote(fields["ID"]), ...unquote(fields["ID_LIKE"]).split(/\s+/)].map((s) => s.toLowerCase());
  if (ids.some((id) => DEBIAN_IDS.has(id))) return "debian";
  if (ids.some((id) => RHEL_IDS.has(id))) return "rhel";
  return "upstream";
}

export function detectDistro(osRelease = "/etc/os-release"): Distro {
  try {
    return distroFromOsRelease(readFileSync(osRelease, "utf8"));
  } catch {
    return "upstream";
  }
}

export function resolveDistro(choice: string): Distro {
  if (choice === "auto") return detectDistro();
  if ((DISTROS as readonly string[]).includes(choice)) return choice as Distro;
  throw new UsageError(`unknown distro '${choice}'; use debian, rhel, upstream or auto`);
}

export interface DistroPaths {
  readonly config: string;
  readonly nologin: string;
}

export const DISTRO_PATHS: Readonly<Record<Distro, DistroPaths>> = {
  upstream: { config: "/etc/vsftpd.conf", nologin: "/usr/sbin/nologin" },
  debian: { config: "/etc/vsftpd.conf", nologin: "/usr/sbin/nologin" },
  rhel: { config: "/etc/vsftpd/vsftpd.conf", nologin: "/sbin/nologin" },
};
