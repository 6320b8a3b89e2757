/**
 * Loads a profile: parses the file, applies --set overrides, expands
 * `extends` into the built-in layers it names, validates every layer against
 * the schema, and merges them in order (built-ins, file, --set) while
 * remembering where each value came from.
 */
import { InputError } from "../core/errors.js";
import { PROFILE_INPUT, readInput, readStdin } from "../core/read-input.js";
import { closest } from "../lint/suggest.js";
import { builtinNames, builtinText } from "./builtins.js";
import { ProfileError, type Origin, type ProfileProblem } from "./errors.js";
import type { Profile } from "./types.js";
import { schemaProblems } from "./validate.js";
import { setLayer } from "./set-layer.js";
import { parseSource, type SourceDoc } from "./yaml-source.js";

export interface LoadedProfile {
  readonly profile: Profile;
  /** Where the value at a JSON pointer came from (the last layer that set it). */
  origin(pointer: string): Origin | undefined;
  readonly file: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

export const DEFAULT_PROFILE_FILE = "ftpctl.yaml";

/**
 * A profile's text: a regular file ("-": standard input, named `shown` in
 * messages) of at most PROFILE_INPUT's size, and text, not a binary.
 */
export function readProfileFile(file: string, shown = file === "-" ? "standard input" : file): string {
  let bytes: Buffer;
  try {
    bytes = file === "-" ? readStdin(PROFILE_INPUT, shown) : readInput(file, PROFILE_INPUT);
  } catch (err) {
    if (err instanceof InputError && err.code === "ENOENT") {
      throw new InputError(file, "no such profile file (create one with 'ftpctl init')");
    }
    throw err;
  }
  if (bytes.includes(0)) throw new InputError(shown, "binary file (it holds NUL bytes); not a profile");
  return bytes.toString("utf8");
}

/** Key names quoted back from a file that may not be a profile at all (a shadow file given by mistake): a short prefix each. */
const KEY_PREFIX = 12;
const MAX_KEYS_SHOWN = 3;

/** The name-like start of a key, cut at the first character no key name has (a shadow line's `:` before its hash). */
function shortKey(key: string): string {
  const name = /^[A-Za-z0-9_.-]*/.exec(key)![0];
  const cut = name.length > KEY_PREFIX ? name.slice(0, KEY_PREFIX) : name;
  return cut.length < key.length ? `${cut}…` : cut;
}

/**
 * A mapping none of whose top-level keys the schema knows is not a profile
 * with typos but some other file: say so once, naming a few keys by a short
 * prefix and no value, rather than a problem per key that could quote the
 * file's contents back (values are never shown).
 */
function notAProfile(src: SourceDoc, problems: readonly ProfileProblem[]): ProfileError | undefined {
  const keys = Object.keys(src.data as Obj);
  const unknown = new Set(problems.filter((p) => p.origin.file === src.file && /^\/[^/]+$/.test(p.pointer) && p.message.startsWith("unknown key")).map((p) => p.pointer.slice(1)));
  if (!keys.length || keys.some((k) => !unknown.has(k.replace(/~/g, "~0").replace(/\//g, "~1")) && !unknown.has(k))) return undefined;
  const shown = keys.slice(0, MAX_KEYS_SHOWN).map(shortKey).join(", ");
  const more = keys.length > MAX_KEYS_SHOWN ? `, and ${keys.length - MAX_KEYS_SHOWN} more` : "";
  return new ProfileError([
    { origin: src.locate([]), pointer: "", severity: "error", message: `not a profile: none of its keys (${shown}${more}) is a profile key; see 'ftpctl init'` },
  ]);
}

function expandExtends(src: SourceDoc, seen: Set<string>, out: SourceDoc[], problems: ProfileProblem[]): void {
  const ext = isObj(src.data) ? src.data["extends"] : undefined;
  if (!Array.isArray(ext)) return;
  ext.forEach((name, i) => {
    if (typeof name !== "string") return;
    if (seen.has(name)) return;
    const text = builtinText(name);
    if (text === undefined) {
      const known = builtinNames();
      const hint = closest(name, known);
      problems.push({
        origin: src.locate(["extends", i]),
        pointer: `/extends/${i}`,
        severity: "error",
        message: `unknown profile '${name}'${hint ? `; did you mean '${hint}'?` : ""} Known profiles: ${known.join(", ")}`,
      });
      return;
    }
    seen.add(name);
    const layer = parseSource(`builtin:${name}`, text);
    expandExtends(layer, seen, out, problems);
    out.push(layer);
  });
}

/** The layer that set a value, so positions inside a list it set can be found later. */
type Setters = Map<string, SourceDoc>;

function merge(into: Obj, from: Obj, layer: SourceDoc, setters: Setters, path: string[]): void {
  for (const [k, v] of Object.entries(from)) {
    const p = [...path, k];
    if (k === "extends" && path.length === 0) continue;
    setters.set("/" + p.join("/"), layer);
    if (isObj(v)) {
      if (!isObj(into[k])) into[k] = {};
      merge(into[k] as Obj, v, layer, setters, p);
    } else {
      into[k] = v;
    }
  }
}

export interface LoadOptions {
  readonly set?: readonly string[];
  /** Built-in names to start from, for `init` and tests. */
  readonly text?: string;
}

export function loadProfile(file: string, opts: LoadOptions = {}): LoadedProfile {
  const text = opts.text ?? readProfileFile(file);
  const user = parseSource(file, text);
  if (!isObj(user.data)) {
    throw new ProfileError([{ origin: user.locate([]), pointer: "", severity: "error", message: "a profile must be a mapping of keys (see 'ftpctl init')" }]);
  }
  const sets = setLayer(opts.set ?? []);
  const problems: ProfileProblem[] = [];
  const layers: SourceDoc[] = [];
  for (const src of [user, ...(sets ? [sets] : [])]) problems.push(...schemaProblems(src));
  const foreign = notAProfile(user, problems);
  if (foreign) throw foreign;
  expandExtends(user, new Set(), layers, problems);
  for (const b of layers) problems.push(...schemaProblems(b));
  if (problems.some((p) => p.severity === "error")) throw new ProfileError(problems);
  const merged: Obj = {};
  const setters: Setters = new Map();
  for (const layer of [...layers, user, ...(sets ? [sets] : [])]) merge(merged, layer.data as Obj, layer, setters, []);
  const ext = (user.data as Obj)["extends"];
  if (Array.isArray(ext)) merged["extends"] = ext;
  return {
    profile: merged as Profile,
    file,
    origin(pointer) {
      for (let p = pointer; p; p = p.slice(0, p.lastIndexOf("/"))) {
        const layer = setters.get(p);
        // The layer that set the nearest ancestor set this value too: lists are set whole.
        if (layer) return layer.locate(pointer.slice(1).split("/").map((s) => (/^\d+$/.test(s) ? Number(s) : s)));
      }
      return undefined;
    },
  };
}
