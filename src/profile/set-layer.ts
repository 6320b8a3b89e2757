/**
 * `--set a.b=value` flags as one more profile layer, above the file. A flag
 * holds nothing a YAML file could not: its value is one YAML scalar (or a
 * bracketed list or mapping), and its path names keys, never the prototype
 * machinery of the object it is built in.
 */
import { parse as parseYamlValue } from "yaml";
import { UsageError } from "../core/errors.js";
import type { Origin } from "./errors.js";
import { commentText } from "./escape.js";
import type { SourceDoc } from "./yaml-source.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Keys that reach Object.prototype through a plain object; no profile key is named so. */
const PROTOTYPE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * `--set a.b=value`: the value is read as a YAML scalar, so 2121 is a number and true a boolean.
 * Text YAML would read as something else (`#x` is a comment, `a: b` a mapping) stays the text
 * typed, as does a number with a leading zero; a list or mapping needs its brackets, as in
 * `--set jail.exceptions=[alice,bob]`.
 */
function setValue(text: string): unknown {
  let value: unknown;
  try {
    value = parseYamlValue(text);
  } catch {
    return text;
  }
  const t = text.trim();
  // 077 is a umask or mode, which profiles spell as strings; YAML would make it the number 77.
  if (/^0[0-9]+$/.test(t)) return t;
  if (value === null) return /^(null|Null|NULL|~|)$/.test(t) ? null : text;
  if (typeof value === "object") return /^[[{]/.test(t) ? value : text;
  return value;
}

/**
 * What a value may not hold: YAML folds a line break inside a plain scalar into a space and
 * strips blanks at either end, so such a value would not be what was typed; NUL is no text at all.
 * A value that needs any of them is written in the profile file, quoted.
 */
function refusal(value: string): string | undefined {
  if (/[\n\r]/.test(value)) return "a line break";
  if (value.includes("\0")) return "a NUL";
  if (/^[ \t]|[ \t]$/.test(value)) return "blanks at its start or end";
  return undefined;
}

export function setLayer(sets: readonly string[]): SourceDoc | undefined {
  if (!sets.length) return undefined;
  const data: Obj = {};
  const origins = new Map<string, Origin>();
  for (const s of sets) {
    const shown = commentText(s);
    const eq = s.indexOf("=");
    if (eq <= 0) throw new UsageError(`--set needs path=value, got '${shown}'`);
    const path = s.slice(0, eq).split(".");
    if (path.some((p) => !/^[A-Za-z0-9_$]+$/.test(p))) throw new UsageError(`--set: bad path '${commentText(s.slice(0, eq))}'`);
    const bad = path.find((p) => PROTOTYPE_KEYS.has(p));
    if (bad !== undefined) throw new UsageError(`--set: '${bad}' is not a profile key (path '${s.slice(0, eq)}')`);
    const raw = s.slice(eq + 1);
    const why = refusal(raw);
    if (why !== undefined) throw new UsageError(`--set ${commentText(s.slice(0, eq))}: the value holds ${why}, which a YAML value cannot hold as typed; write it in the profile file, quoted`);
    const value = setValue(raw);
    let o = data;
    for (const p of path.slice(0, -1)) o = Object.hasOwn(o, p) && isObj(o[p]) ? (o[p] as Obj) : ((o[p] = {}) as Obj);
    o[path[path.length - 1]!] = value;
    origins.set(path.join("/"), { file: `--set ${s}` });
  }
  return {
    file: "--set",
    data,
    locate: (path) => {
      for (let n = path.length; n > 0; n--) {
        const o = origins.get(path.slice(0, n).join("/"));
        if (o) return o;
      }
      return { file: "--set" };
    },
  };
}
