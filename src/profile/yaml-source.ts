/**
 * Parses a profile's text with the `yaml` package (JSON is read the same
 * way, being YAML) and keeps the document so any value or key can be traced
 * back to its line and column.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from "yaml";
import type { Origin } from "./errors.js";
import { ProfileError } from "./errors.js";
import { MAX_DEPTH, tooDeep } from "./yaml-depth.js";

/**
 * Aliases a document may expand into while being read: enough for any
 * profile that shares a list, far too few for a "billion laughs" document,
 * whose few lines expand into gigabytes.
 */
export const MAX_ALIAS_COUNT = 100;

/** yaml's messages are short; a longer one quotes the text, which may not be the user's to show. */
const MAX_MESSAGE = 160;

export interface SourceDoc {
  readonly file: string;
  readonly data: unknown;
  /** Position of the value at `path`, or of its key when `key` is true; falls back to the nearest ancestor. */
  locate(path: readonly (string | number)[], key?: boolean): Origin;
}

function at(file: string, lc: LineCounter, offset: number | undefined): Origin {
  if (offset === undefined) return { file };
  const p = lc.linePos(offset);
  // Line 0: the parser stopped before counting any line.
  return p.line === 0 ? { file, line: 1, col: offset + 1 } : { file, line: p.line, col: p.col };
}

function child(node: unknown, seg: string | number): { key?: Node; value?: unknown } | undefined {
  if (isMap(node)) {
    for (const item of node.items) {
      if (isPair(item) && isScalar(item.key) && String(item.key.value) === String(seg)) return { key: item.key as Node, value: item.value };
    }
  } else if (isSeq(node) && typeof seg === "number") {
    return { value: node.items[seg] };
  }
  return undefined;
}

/** yaml only says "Map keys must be unique"; name the key, which its error offset points at. */
function duplicateMessage(doc: Document, offset: number): string {
  let key: string | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) {
        key = String(pair.key.value);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return key === undefined ? "duplicate key: each key may appear only once in a mapping" : `duplicate key '${key}': each key may appear only once in a mapping`;
}

function fail(file: string, lc: LineCounter, offset: number | undefined, message: string): ProfileError {
  return new ProfileError([{ origin: at(file, lc, offset ?? 0), pointer: "", severity: "error", message }]);
}

/** The first alias in the document, where an expansion that ran away is reported. */
function firstAlias(doc: Document): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}

export function parseSource(file: string, text: string): SourceDoc {
  const lc = new LineCounter();
  // yaml recurses per nesting level and crashes the process on a deep enough text: measure first.
  const deep = tooDeep(text);
  if (deep) {
    const before = text.slice(0, deep.offset);
    const line = before.split("\n").length;
    const origin = { file, line, col: deep.offset - before.lastIndexOf("\n") };
    throw new ProfileError([{ origin, pointer: "", severity: "error", message: `nested more than ${MAX_DEPTH} levels deep; a profile needs a handful` }]);
  }
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, schema: "core" });
  } catch (err) {
    if (err instanceof RangeError) throw fail(file, lc, 0, "too complex to read as YAML");
    throw err;
  }
  if (doc.errors.length) {
    throw new ProfileError(
      doc.errors.map((e) => ({
        origin: at(file, lc, e.pos[0]),
        pointer: "",
        severity: "error" as const,
        message:
          e.code === "DUPLICATE_KEY"
            ? duplicateMessage(doc, e.pos[0])
            : e.code === "RESOURCE_EXHAUSTION"
              ? "too complex to read as YAML"
              : e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "").slice(0, MAX_MESSAGE),
      })),
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (err) {
    // yaml throws a ReferenceError for an alias expansion past maxAliasCount: a "billion laughs" document.
    if (!(err instanceof ReferenceError || err instanceof RangeError)) throw err;
    throw fail(file, lc, firstAlias(doc), `aliases expand too far (more than ${MAX_ALIAS_COUNT} times); a profile needs no alias this large`);
  }
  return {
    file,
    data,
    locate(path, key = false) {
      let node: unknown = doc.contents;
      let best = at(file, lc, (doc.contents as Node | null)?.range?.[0]);
      for (const [i, seg] of path.entries()) {
        const c = child(node, seg);
        if (!c) return best;
        const last = i === path.length - 1;
        if (last && key && c.key) return at(file, lc, c.key.range?.[0]);
        node = c.value;
        const r = (c.value as Node | undefined)?.range ?? c.key?.range;
        best = at(file, lc, r?.[0]);
      }
      return best;
    },
  };
}
