import type { HostFacts } from "../../host/facts.js";
import type { SettingLine } from "../../vsftpd/scan.js";
import type { RuleContext } from "../rule.js";
import type { OptionName } from "../../vsftpd/options.js";

/**
 * Where a host finding points: the line of the first of these options the
 * file sets, else nowhere (a file-level finding about a default).
 */
export function at(ctx: RuleContext, ...names: OptionName[]): { at?: SettingLine } {
  for (const n of names) {
    const s = ctx.source(n)?.setting;
    if (s) return { at: s };
  }
  return {};
}

/** "a, b, c and 2 more": names in a message without flooding it. */
export function listNames(names: readonly string[], max = 3): string {
  const uniq = [...new Set(names)];
  if (uniq.length <= max) return uniq.join(", ");
  return `${uniq.slice(0, max).join(", ")} and ${uniq.length - max} more`;
}

/** errno names as a sentence fragment. */
const ERRNO: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ELOOP: "too many levels of symbolic links",
  ENXIO: "no such device or address",
  EROFS: "read-only file system",
  ETXTBSY: "a running program's file",
  ENAMETOOLONG: "file name too long",
  EIO: "input/output error",
  EFBIG: "too large to read",
  EOVERFLOW: "value too large",
};

/** "permission denied (EACCES)". */
export function errnoText(code: string): string {
  return `${ERRNO[code] ?? code} (${code})`;
}

const PERMISSION = new Set(["EACCES", "EPERM"]);

/**
 * A permission error met without the daemon's rights (lint --host as an
 * ordinary user) is this process's, not vsftpd's: it says nothing about what
 * vsftpd meets, so rules report it as "not checked: needs root", at info
 * level, and claim nothing.
 */
export function needsRoot(host: HostFacts, code: string): boolean {
  return !host.asDaemon && PERMISSION.has(code);
}

/**
 * What a rule's `needsRoot` message says after the path:
 * "(reading it fails for ftpctl: permission denied (EACCES); vsftpd runs as root)".
 */
export function needsRootWhy(doing: string, code: string): string {
  return `${doing} fails for ftpctl: ${errnoText(code)}; vsftpd runs as root`;
}

/**
 * Why a path could not be checked, for a finding that claims no refusal:
 * "looking it up fails: too many levels of symbolic links (ELOOP)". Callers
 * report a permission error without the daemon's rights as needsRoot instead.
 */
export function uncheckedWhy(host: HostFacts, doing: "looking it up" | "reading it", code: string): string {
  const mine = needsRoot(host, code) ? " for ftpctl, which is not running as root as vsftpd does" : "";
  return `${doing} fails: ${errnoText(code)}${mine}`;
}
