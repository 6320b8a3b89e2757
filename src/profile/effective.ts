/**
 * The effective configuration, like `sshd -T`: every option of the build
 * with the value vsftpd will use and where that value came from.
 */
import type { Distro, Value } from "../vsftpd/option-spec.js";
import { defaultFor, optionsFor } from "../vsftpd/registry.js";
import { interpret } from "../vsftpd/interpret.js";
import type { ScannedConf } from "../vsftpd/scan.js";
import { oneLine } from "../core/shown.js";
import { formatOrigin } from "./errors.js";
import type { LoadedProfile } from "./load.js";
import { formatValue } from "./render.js";
import type { OptionMap } from "./to-options.js";

export interface EffectiveRow {
  readonly name: string;
  readonly value: Value;
  /** vsftpd.conf spelling of the value. */
  readonly text: string;
  readonly source: "default" | "file" | "profile" | "pinned";
  /** Human-readable origin: a file position, a profile key, or the build default. */
  readonly origin: string;
}

function valueAt(loaded: LoadedProfile, pointer: string): unknown {
  let v: unknown = loaded.profile;
  for (const seg of pointer.slice(1).split("/")) v = (v as Record<string, unknown> | undefined)?.[seg];
  return v;
}

/** A profile value as the origin shows it: JSON, on one line, cut short when long (a banner). */
function shownValue(v: unknown): string {
  const text = oneLine(JSON.stringify(v) ?? String(v));
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

export function effectiveFromOptions(options: OptionMap, distro: Distro, loaded: LoadedProfile): EffectiveRow[] {
  return optionsFor(distro).map((o) => {
    const a = options.get(o.name);
    if (!a) return { name: o.name, value: defaultFor(o, distro), text: formatValue(o.name, defaultFor(o, distro)), source: "default", origin: `default (${distro} build)` };
    if (a.from === "build") return { name: o.name, value: a.value, text: formatValue(o.name, a.value), source: "pinned", origin: "pinned by ftpctl: the compiled default differs between builds" };
    const key = a.from.slice(1).replaceAll("/", ".");
    // Only a key some layer wrote has a position; origin() would answer with its parent's.
    const written = valueAt(loaded, a.from);
    const where = written !== undefined ? loaded.origin(a.from) : undefined;
    // The key and its value explain the option: "listen YES  # implied by listen.ipv6 unset: ...".
    // A whole section (anon_other_write_enable from anonymous:) is named, not dumped.
    const value = typeof written === "object" && written !== null ? "" : `: ${shownValue(written)}`;
    const cause = where ? `${key}${value} at ${formatOrigin(where)}` : `${key} unset: the profile layer's default`;
    return { name: o.name, value: a.value, text: formatValue(o.name, a.value), source: "profile", origin: `${a.derived || a.implied ? "implied by " : ""}${cause}` };
  });
}

export function effectiveFromConf(file: string, scan: ScannedConf, distro: Distro): EffectiveRow[] {
  const conf = interpret(scan, distro);
  return optionsFor(distro).map((o) => {
    const v = conf.effective.get(o.name);
    const src = conf.effective.source(o.name);
    return src
      ? { name: o.name, value: v, text: formatValue(o.name, v), source: "file", origin: `${file}:${src.setting.line}` }
      : { name: o.name, value: v, text: formatValue(o.name, v), source: "default", origin: `default (${distro} build)` };
  });
}
