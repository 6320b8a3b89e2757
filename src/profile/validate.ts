/**
 * Schema validation with the standalone validator compiled at build time,
 * turning ajv's errors into sentences located at file:line:col.
 */
import { closest } from "../lint/suggest.js";
import type { ProfileProblem } from "./errors.js";
import { ABSOLUTE, profileSchema, RELATIVE } from "./schema.js";
import { validate, type AjvError } from "./generated/validate-profile.js";
import type { SourceDoc } from "./yaml-source.js";

function segments(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

const dotted = (pointer: string) => segments(pointer).join(".") || "the profile";

function valueAt(data: unknown, path: (string | number)[]): unknown {
  let v = data;
  for (const s of path) v = (v as Record<string | number, unknown> | undefined)?.[s];
  return v;
}

/** A value as JSON, cut short: an error line must stay one readable line. */
function quote(text: string): string {
  const max = 60;
  return text.length <= max ? JSON.stringify(text) : `${JSON.stringify(text.slice(0, max))}... (${text.length} characters)`;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  return `${typeof v} ${typeof v === "string" ? quote(v) : JSON.stringify(v)}`;
}

let schemaCache: Record<string, unknown> | undefined;

type SchemaNode = Record<string, unknown>;

/** The schema node holding the keyword at `schemaPath`; built only on error paths. */
function schemaNode(schemaPath: string): SchemaNode | undefined {
  let node: unknown = (schemaCache ??= profileSchema());
  for (const p of schemaPath.replace(/^#\//, "").split("/").slice(0, -1)) node = (node as SchemaNode | undefined)?.[p];
  return node as SchemaNode | undefined;
}

/**
 * The schema of the value at `path`, following $refs. Errors raised inside a $defs entry carry a
 * schemaPath relative to that entry, so the instance path is the reliable way back.
 */
function schemaAt(path: (string | number)[]): SchemaNode | undefined {
  const root = (schemaCache ??= profileSchema());
  const deref = (n: SchemaNode | undefined): SchemaNode | undefined => {
    const ref = n?.["$ref"];
    return typeof ref === "string" && ref.startsWith("#/$defs/") ? ((root["$defs"] as Record<string, SchemaNode>)[ref.slice(8)] ?? n) : n;
  };
  let node: SchemaNode | undefined = deref(root);
  for (const seg of path) node = deref(typeof seg === "number" ? (node?.["items"] as SchemaNode | undefined) : (node?.["properties"] as Record<string, SchemaNode> | undefined)?.[seg]);
  return node;
}

/** Keys allowed where an unknown key was found, for "did you mean". */
function allowedKeys(schemaPath: string): string[] {
  return Object.keys((schemaNode(schemaPath)?.["properties"] as object | undefined) ?? {});
}

/** JSON Schema type names in the words a YAML author uses. */
const TYPE_WORDS: Record<string, string> = {
  integer: "a whole number",
  number: "a number",
  string: "a string",
  boolean: "true or false",
  object: "a mapping of keys",
  array: "a list",
};

/** Listing every key helps in a small section; vsftpd: has all of vsftpd's options. */
const MAX_LISTED_KEYS = 20;

function sentence(e: AjvError, value: unknown, keys: string[]): string {
  const where = dotted(e.instancePath);
  switch (e.keyword) {
    case "additionalProperties": {
      const key = String(e.params["additionalProperty"]);
      const hint = closest(key, keys);
      const known = keys.length <= MAX_LISTED_KEYS ? `known keys: ${keys.join(", ")}` : `it is none of the ${keys.length} keys allowed there ('ftpctl explain' lists vsftpd's options)`;
      return `unknown key '${key}' in ${where}${hint ? `; did you mean '${hint}'?` : `; ${known}`}`;
    }
    case "type":
      // YAML reads an unquoted 022 as the number 22: say how to write an octal mode.
      if (String(schemaAt(segments(e.instancePath))?.["pattern"] ?? "").startsWith("^0[0-7]")) return `${where} must be a quoted octal string such as "022", got ${describe(value)}`;
      return `${where} must be ${TYPE_WORDS[String(e.params["type"])] ?? `a ${String(e.params["type"])}`}, got ${describe(value)}`;
    case "pattern": {
      const p = String(e.params["pattern"]);
      if (p.startsWith("^0[0-7]")) return `${where} must be a quoted octal string such as "022", got ${describe(value)}`;
      const text = typeof value === "string" ? value : "";
      if (p === ABSOLUTE || p === RELATIVE) {
        if (/(?:^|\/)\.\.?(?:\/|$)/.test(text)) return `${where} must not contain '.' or '..' components: write the directory it means, plainly${p === RELATIVE ? " and inside its parent" : ""}, got ${quote(text)}`;
        if (p === ABSOLUTE && !text.startsWith("/")) return `${where} must be an absolute path, starting with '/', got ${quote(text)}`;
        if (p === RELATIVE && text.startsWith("/")) return `${where} names a directory inside another one: write it relative, without a leading '/', got ${quote(text)}`;
      }
      if (p.includes("\\x00")) {
        return `${where} must not contain a newline, CR or NUL, nor start or end with whitespace (vsftpd.conf would take it as another setting or keep the spaces), got ${quote(text)}`;
      }
      if (p.includes("a-z_")) return `${where} must be a valid Linux user name (lower case, digits, _ and -, at most 32 characters), got ${quote(text)}`;
      return `${where} has the wrong form, got ${quote(text)}`;
    }
    case "maxLength":
      return `${where} is too long for vsftpd.conf: at most ${String(e.params["limit"])} characters, got ${typeof value === "string" ? [...value].length : "?"}`;
    case "minimum":
    case "maximum":
      return `${where} must be ${e.keyword === "minimum" ? "at least" : "at most"} ${String(e.params["limit"])}, got ${JSON.stringify(value)}`;
    case "enum":
      return `${where} must be one of ${(e.params["allowedValues"] as unknown[]).map((v) => JSON.stringify(v)).join(", ")}, got ${describe(value)}`;
    case "const":
      return `${where} must be ${JSON.stringify(e.params["allowedValue"])}`;
    case "required":
      return `${where} needs '${String(e.params["missingProperty"])}'`;
    case "minProperties":
    case "maxProperties":
      return `${where} takes exactly one of its keys`;
    default:
      return `${where} ${e.message ?? "is invalid"}`;
  }
}

/** Drops the noise ajv adds around anyOf: the branch errors say it better. */
function relevant(errors: AjvError[]): AjvError[] {
  const out = errors.filter((e) => e.keyword !== "anyOf" && e.keyword !== "if");
  const seen = new Set<string>();
  return out.filter((e) => {
    // For string-or-null options, the null branch's type error repeats the string branch's.
    if (e.keyword === "type" && e.params["type"] === "null") return false;
    const k = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function schemaProblems(src: SourceDoc): ProfileProblem[] {
  if (validate(src.data)) return [];
  return relevant(validate.errors ?? []).map((e) => {
    const path = segments(e.instancePath);
    const isKey = e.keyword === "additionalProperties";
    const keys = isKey ? allowedKeys(e.schemaPath) : [];
    return {
      origin: src.locate(isKey ? [...path, String(e.params["additionalProperty"])] : path, isKey),
      pointer: isKey ? `${e.instancePath}/${String(e.params["additionalProperty"])}` : e.instancePath,
      severity: "error" as const,
      message: sentence(e, valueAt(src.data, path), keys),
    };
  });
}

