/**
 * The profile reference (docs/profiles.md), derived from the schema and the
 * profile layer rather than written by hand: every key with its type, default,
 * allowed values, an example profile using it, and the vsftpd options it sets.
 * "Sets" is found by mapping each example profile to vsftpd options with and
 * without the key, on every build (to-options.ts decides, not a list kept
 * here). scripts/gen-profile-doc.mjs writes the page; the parity check fails
 * when it is stale.
 */
import { stringify } from "yaml";
import { DISTROS } from "../vsftpd/option-spec.js";
import { builtinNames } from "./builtins.js";
import { loadProfile } from "./load.js";
import { ABSOLUTE, RELATIVE, SAFE, USER_NAME, profileSchema } from "./schema.js";
import { profileToOptions } from "./to-options.js";
import type { Profile } from "./types.js";

type Node = Record<string, unknown>;
type Obj = Record<string, unknown>;

export interface KeyDoc {
  /** Dotted, with [] for array items: listen.port, users[].password.file. */
  readonly key: string;
  /** Where the key sits in its example profile: /listen/port, /users/0/password/file. */
  readonly pointer: string;
  readonly depth: number;
  readonly description: string;
  readonly type: string;
  readonly allowed: string;
  readonly default: unknown;
  /** Its object cannot go without it (users[].name). */
  readonly required: boolean;
  readonly example: unknown;
  /** A complete profile that uses the example; `ftpctl validate` accepts it. */
  readonly exampleProfile: string;
  /** vsftpd options whose rendered value depends on the key; undefined where that is not one list. */
  readonly sets: readonly string[] | undefined;
  readonly setsNote?: string;
}

/** Built-in profiles an example extends, so it validates and the key has an effect. */
function contextFor(key: string): string[] {
  if (key === "tls.anonymous") return ["anonymous", "ftps"];
  if (key === "tls" || key === "tls.enabled") return ["local"];
  if (key.startsWith("anonymous")) return ["anonymous"];
  if (key === "local" || key === "local.enabled") return ["ftps"];
  if (key === "jail.exceptions") return ["jailed", "ftps"];
  return ["local", "ftps"];
}

/** Keys whose example needs another key beside it. */
const COMPANIONS: Readonly<Record<string, Obj>> = {
  "tls.enabled": { tls: { cert: "/etc/ssl/certs/vsftpd.pem" } },
  "passive.minPort": { passive: { maxPort: 50100 } },
  "passive.maxPort": { passive: { minPort: 50000 } },
};

const PATTERNS: readonly (readonly [string, string])[] = [
  [ABSOLUTE, "an absolute path without `.` or `..` components"],
  [RELATIVE, "a relative path that stays inside its directory"],
  [SAFE, "one line of text without leading or trailing blanks"],
  [USER_NAME, "a Linux user name"],
  ["^0[0-7]{1,4}$", 'an octal string in quotes, e.g. `"022"`'],
  ["^[A-Za-z_][A-Za-z0-9_]*$", "an environment variable name"],
];

function patternText(pattern: string): string {
  if (pattern === "^[a-z][a-z0-9-]*$") return builtinNames().map((n) => `\`${n}\``).join(", ");
  const known = PATTERNS.find(([p]) => p === pattern);
  // A new pattern needs its words here: the reference must say what it allows.
  if (!known) throw new Error(`the profile reference has no description for the pattern ${pattern}`);
  return known[1];
}

function typeOf(n: Node): string {
  if ("const" in n) return JSON.stringify(n["const"]);
  if (Array.isArray(n["enum"])) return "string";
  if (n["type"] === "array") return `array of ${typeOf(n["items"] as Node)}${(n["items"] as Node)["type"] === "object" ? "s" : ""}`;
  return String(n["type"]);
}

function allowedOf(n: Node): string {
  const parts: string[] = [];
  if (Array.isArray(n["enum"])) parts.push((n["enum"] as unknown[]).map((v) => `\`${String(v)}\``).join(", "));
  if ("const" in n) parts.push(`only \`${JSON.stringify(n["const"])}\``);
  if (typeof n["minimum"] === "number" && typeof n["maximum"] === "number") parts.push(`${n["minimum"]} to ${n["maximum"]}`);
  if (typeof n["pattern"] === "string") parts.push(patternText(n["pattern"]));
  if (typeof n["maxLength"] === "number") parts.push(`at most ${n["maxLength"]} characters`);
  if (n["type"] === "array") {
    const items = allowedOf(n["items"] as Node);
    if (items && (n["items"] as Node)["type"] !== "object") parts.push(`each ${items}`);
  }
  if (n["type"] === "object" && typeof n["maxProperties"] === "number") parts.push(`exactly one of ${Object.keys(n["properties"] as Obj).map((k) => `\`${k}\``).join(", ")}`);
  if (n["type"] === "boolean") parts.push("`true`, `false`");
  return parts.join("; ");
}

interface Seg {
  readonly name: string;
  readonly required?: boolean;
  /** The property is an array of objects: its children are under name[]. */
  readonly items?: Node;
}

/** Every key of the schema, parents before children; `vsftpd`'s options are docs/options.md's. */
function walk(parent: Node, parents: readonly Seg[], out: { node: Node; segs: Seg[] }[]): void {
  const required = new Set((parent["required"] as string[] | undefined) ?? []);
  for (const [name, raw] of Object.entries(parent["properties"] as Obj)) {
    const node = raw as Node;
    const items = node["type"] === "array" && (node["items"] as Node)["type"] === "object" ? (node["items"] as Node) : undefined;
    const segs = [...parents, { name, ...(items ? { items } : {}), ...(required.has(name) ? { required: true } : {}) }];
    out.push({ node, segs });
    if (name === "vsftpd" && parents.length === 0) continue;
    const container = items ?? (node["type"] === "object" && node["properties"] ? node : undefined);
    if (container) walk(container, segs, out);
  }
}

const dotted = (segs: readonly Seg[]) => segs.map((s, i) => s.name + (s.items && i < segs.length - 1 ? "[]" : "")).join(".");

/** The example profile's body: the key's example, nested in its parents (an array item holds its required keys). */
function exampleBody(segs: readonly Seg[], example: unknown, schema: Node): { body: Obj; pointer: string } {
  const body: Obj = {};
  let at: Obj = body;
  let node = schema;
  const pointer: string[] = [];
  segs.forEach((s, i) => {
    const props = node["properties"] as Obj;
    const child = props[s.name] as Node;
    pointer.push(s.name);
    if (i === segs.length - 1) {
      at[s.name] = example;
      return;
    }
    if (s.items) {
      const item: Obj = {};
      for (const r of (s.items["required"] as string[] | undefined) ?? []) item[r] = ((s.items["properties"] as Obj)[r] as Node)["examples"] instanceof Array ? (((s.items["properties"] as Obj)[r] as Node)["examples"] as unknown[])[0] : undefined;
      at[s.name] = [item];
      at = item;
      node = s.items;
      pointer.push("0");
    } else {
      const next: Obj = {};
      at[s.name] = next;
      at = next;
      node = child;
    }
  });
  return { body, pointer: "/" + pointer.join("/") };
}

function merge(a: Obj, b: Obj): Obj {
  const out: Obj = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const old = out[k];
    out[k] = typeof old === "object" && old !== null && !Array.isArray(old) && typeof v === "object" && v !== null && !Array.isArray(v) ? merge(old as Obj, v as Obj) : v;
  }
  return out;
}

/** The profile text for an example: `extends` first, in flow style, as `init` writes it. */
export function profileText(ctx: readonly string[], body: Obj): string {
  const head = ctx.length ? `extends: [${ctx.join(", ")}]\n` : "";
  return head + (Object.keys(body).length ? stringify(body, { indent: 2 }) : "");
}

export function withoutPointer(p: Profile, pointer: string): Profile {
  const copy = structuredClone(p) as unknown as Obj;
  const segs = pointer.slice(1).split("/");
  let at: unknown = copy;
  for (const s of segs.slice(0, -1)) at = (at as Obj | undefined)?.[s];
  if (at && typeof at === "object") delete (at as Obj)[segs[segs.length - 1]!];
  return copy as unknown as Profile;
}

export function withValue(p: Profile, pointer: string, value: unknown): Profile {
  const copy = structuredClone(p) as unknown as Obj;
  const segs = pointer.slice(1).split("/");
  let at: unknown = copy;
  for (const s of segs.slice(0, -1)) at = (at as Obj)[s];
  (at as Obj)[segs[segs.length - 1]!] = value;
  return copy as unknown as Profile;
}

/** Option names whose values differ between two profiles, on any build. */
export function optionsDiffering(a: Profile, b: Profile): string[] {
  const names = new Set<string>();
  for (const d of DISTROS) {
    const x = profileToOptions(a, d);
    const y = profileToOptions(b, d);
    for (const n of new Set([...x.keys(), ...y.keys()])) if (JSON.stringify(x.get(n)?.value) !== JSON.stringify(y.get(n)?.value)) names.add(n);
  }
  return [...names].sort();
}

/**
 * The options a key sets: those that change when the key is taken out of its example profile,
 * and, for a boolean, also when it is flipped.
 */
function optionsSet(text: string, pointer: string, isBool: boolean): string[] {
  const full = loadProfile("example.yaml", { text }).profile;
  const without = withoutPointer(full, pointer);
  const names = new Set(optionsDiffering(full, without));
  if (isBool) {
    let v: unknown = full;
    for (const s of pointer.slice(1).split("/")) v = (v as Obj)[s];
    for (const n of optionsDiffering(withValue(full, pointer, !v), without)) names.add(n);
  }
  return [...names].sort();
}

export function profileReference(): KeyDoc[] {
  const schema = profileSchema() as Node;
  const keys: { node: Node; segs: Seg[] }[] = [];
  walk(schema, [], keys);
  const docs: KeyDoc[] = keys.map(({ node, segs }) => {
    const key = dotted(segs);
    const examples = node["examples"];
    if (!Array.isArray(examples) || examples.length === 0) throw new Error(`profile schema key ${key} has no example`);
    const example = examples[0];
    const { body, pointer } = exampleBody(segs, example, schema);
    const isExtends = key === "extends";
    const ctx = isExtends ? [] : contextFor(key);
    const exampleProfile = isExtends ? profileText(example as string[], {}) : profileText(ctx, merge(body, COMPANIONS[key] ?? {}));
    let sets: string[] | undefined;
    let setsNote: string | undefined;
    if (isExtends) setsNote = "what the keys of the profiles it names set";
    else if (key === "vsftpd") setsNote = "each option by its own name, verbatim and last; see [options.md](options.md)";
    else if (key !== "$schema") sets = optionsSet(exampleProfile, pointer, node["type"] === "boolean");
    else sets = [];
    return {
      key,
      pointer,
      depth: segs.length,
      description: String(node["description"] ?? ""),
      type: typeOf(node),
      allowed: allowedOf(node),
      default: node["default"],
      required: segs[segs.length - 1]!.required === true,
      example,
      exampleProfile,
      sets,
      ...(setsNote ? { setsNote } : {}),
    };
  });
  // A parent sets what its keys set.
  return docs.map((d) =>
    d.sets === undefined || d.setsNote
      ? d
      : { ...d, sets: [...new Set([...d.sets, ...docs.filter((c) => c.key.startsWith(`${d.key}.`) || c.key.startsWith(`${d.key}[].`)).flatMap((c) => c.sets ?? [])])].sort() },
  );
}

const code = (v: unknown) => `\`${JSON.stringify(v)}\``;
const cell = (t: string) => t.replaceAll("|", "\\|").replaceAll("\n", " ");

function setsText(d: KeyDoc): string {
  if (d.setsNote) return d.setsNote;
  if (!d.sets?.length) return "none (vsftpd.conf does not change)";
  return d.sets.map((s) => `\`${s}\``).join(", ");
}

const defaultText = (d: KeyDoc) => (d.required ? "none: required" : d.default === undefined ? "none" : code(d.default));

/** The full text of docs/profiles.md. */
export function profileReferenceMarkdown(): string {
  const docs = profileReference();
  // GitHub's heading anchors: lower case, punctuation dropped.
  const anchor = (k: string) => k.toLowerCase().replace(/[^a-z0-9 _-]/g, "").replaceAll(" ", "-");
  const lines = [
    "# Profile reference",
    "",
    "<!-- Generated by scripts/gen-profile-doc.mjs from src/profile/schema.ts and src/profile/to-options.ts; do not edit. -->",
    "",
    "A profile (`ftpctl.yaml`, YAML or JSON) declares a vsftpd server; `ftpctl init` writes a commented",
    "one, `ftpctl validate` checks it, `ftpctl render` turns it into vsftpd.conf and `ftpctl apply`",
    "provisions it. Its JSON Schema is [schemas/profile.schema.json](../schemas/profile.schema.json).",
    "Built-in profiles named in `extends` are composed first, in order; the file's own keys come last.",
    "",
    "For every key: its type, its default (what ftpctl uses when no layer sets it; \"none\" leaves the",
    "choice to vsftpd or to the text), the values it allows, and the vsftpd options it sets: the options",
    "whose rendered value changes when the key is taken out of its example, or flipped, on any build.",
    "Each example is a complete profile that `ftpctl validate` accepts.",
    "",
    "| key | type | default | sets |",
    "|---|---|---|---|",
    ...docs.map((d) => `| [\`${d.key}\`](#${anchor(d.key)}) | ${cell(d.type)} | ${d.default === undefined ? "none" : cell(code(d.default))} | ${cell(setsText(d))} |`),
  ];
  for (const d of docs) {
    lines.push("", `${d.depth === 1 ? "##" : "###"} ${d.key}`, "", d.description, "");
    lines.push(`- type: ${d.type}`);
    lines.push(`- default: ${defaultText(d)}`);
    if (d.allowed) lines.push(`- allowed: ${d.allowed}`);
    lines.push(`- sets: ${setsText(d)}`);
    lines.push(`- example: ${code(d.example)}`);
    lines.push("", "```yaml", d.exampleProfile.trimEnd(), "```");
  }
  return lines.join("\n") + "\n";
}
