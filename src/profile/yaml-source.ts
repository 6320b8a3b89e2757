/**
 * Parses a profile's text with the `yaml` package (JSON is read the same
 * way, being YAML) and keeps the document so any value or key can be traced
 * back to its line and column.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from "yaml";
import type { Origin } from "./errors.js";
import { ProfileError } from "./errors.js";

export interface SourceDoc {
  readonly file: string;
  readonly data: unknown;
  /** Position of the value at `path`, or of its key when `key` is true; falls back to the nearest ancestor. */
  locate(path: readonly (string | number)[], key?: boolean): Origin;
}

function at(file: string, lc: LineCounter, offset: number | undefined): Origin {
  if (offset === undefined) return { file };
  const p = lc.linePos(offset);
  return { file, line: p.line, col: p.col };
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

export function parseSource(file: string, text: string): SourceDoc {
  const lc = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, schema: "core" });
  if (doc.errors.length) {
    throw new ProfileError(
      doc.errors.map((e) => ({
        origin: at(file, lc, e.pos[0]),
        pointer: "",
        severity: "error" as const,
        message: e.code === "DUPLICATE_KEY" ? duplicateMessage(doc, e.pos[0]) : e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, ""),
      })),
    );
  }
  const data = doc.toJS({ maxAliasCount: 100 }) ?? {};
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
