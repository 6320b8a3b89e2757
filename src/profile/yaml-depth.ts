/**
 * How deeply a YAML text nests, found before the `yaml` package sees it.
 * yaml 2 recurses per level: a few thousand `[` or `- - -` overflow its
 * stack or exhaust the heap (a native crash, not an exception), and a
 * profile is never more than a handful of levels deep. This scanner reads
 * the text once, in linear time, and never under-counts: it follows YAML's
 * rules for where quoted scalars, comments and block scalars begin (so
 * brackets inside them are not counted), and anything it cannot place
 * counts as nesting, which can only make it refuse early.
 */

/** A profile needs five or six levels; this leaves room for any hand-written one. */
export const MAX_DEPTH = 32;

export interface TooDeep {
  /** Offset of the character that opened the level past MAX_DEPTH. */
  readonly offset: number;
}

const isBlank = (c: string | undefined) => c === " " || c === "\t";
const isBreak = (c: string | undefined) => c === "\n" || c === "\r";
const ends = (c: string | undefined) => c === undefined || isBlank(c) || isBreak(c);
const FLOW = "[]{},";

/** The first place `text` nests deeper than `max` levels, or undefined. */
export function tooDeep(text: string, max = MAX_DEPTH): TooDeep | undefined {
  const n = text.length;
  /** Columns of open block entries (sequence dashes, keys, `?`). */
  const block: number[] = [];
  let flow = 0;
  let i = 0;
  let lineStart = 0;
  let atNode = true;
  /** Column where the scalar now being read began (a key if a `: ` follows). */
  let scalarCol = -1;
  /** Column of the innermost block entry on this line, for a block scalar's parent indent. */
  let entryCol = -1;
  /** The last node was a quoted scalar: in flow context a `:` right after it is an indicator (JSON's {"a":1}). */
  let quoted = false;

  const enter = (col: number): boolean => {
    while (block.length && block[block.length - 1]! >= col) block.pop();
    block.push(col);
    return block.length + flow > max;
  };

  while (i < n) {
    const c = text[i]!;
    if (c === "\n" || c === "\r") {
      i++;
      if (c === "\r" && text[i] === "\n") i++;
      lineStart = i;
      // Indentation: in block context a new line starts a node.
      while (i < n && text[i] === " ") i++;
      const col = i - lineStart;
      if (flow === 0) {
        atNode = true;
        scalarCol = -1;
        entryCol = -1;
        // A line less indented than an open entry closes it.
        if (i < n && !isBreak(text[i]) && text[i] !== "#") while (block.length && block[block.length - 1]! > col) block.pop();
        // Document markers reset the structure.
        if (col === 0 && (text.startsWith("---", i) || text.startsWith("...", i)) && ends(text[i + 3])) {
          block.length = 0;
          i += 3;
        }
      } else {
        atNode = true;
      }
      continue;
    }
    if (isBlank(c)) {
      i++;
      continue;
    }
    const col = i - lineStart;
    if (c === "#" && (i === lineStart || isBlank(text[i - 1]) || isBreak(text[i - 1]))) {
      while (i < n && !isBreak(text[i])) i++;
      continue;
    }
    if (atNode && (c === '"' || c === "'")) {
      if (flow === 0 && scalarCol < 0) scalarCol = col;
      i = skipQuoted(text, i);
      atNode = false;
      quoted = true;
      continue;
    }
    if (atNode && (c === "&" || c === "!")) {
      // Anchor or tag: the node itself follows.
      while (i < n && !ends(text[i]) && !FLOW.includes(text[i]!)) i++;
      continue;
    }
    if (c === "[" || c === "{") {
      if (flow > 0 || atNode) {
        if (flow === 0 && scalarCol < 0) scalarCol = col;
        flow++;
        if (block.length + flow > max) return { offset: i };
        atNode = true;
      } else atNode = false;
      i++;
      continue;
    }
    if (flow > 0 && (c === "]" || c === "}")) {
      flow--;
      atNode = false;
      i++;
      continue;
    }
    if (flow > 0 && c === ",") {
      atNode = true;
      i++;
      continue;
    }
    const afterQuoted = quoted;
    quoted = false;
    if (c === ":" && (ends(text[i + 1]) || (flow > 0 && (FLOW.includes(text[i + 1] ?? "") || afterQuoted)))) {
      if (flow === 0) {
        const keyCol = scalarCol >= 0 ? scalarCol : col;
        if (enter(keyCol)) return { offset: i };
        entryCol = keyCol;
        scalarCol = -1;
      }
      atNode = true;
      i++;
      continue;
    }
    if (flow === 0 && atNode && (c === "-" || c === "?") && ends(text[i + 1])) {
      if (enter(col)) return { offset: i };
      entryCol = col;
      scalarCol = -1;
      i++;
      continue;
    }
    if (flow === 0 && atNode && (c === "|" || c === ">")) {
      i = skipBlockScalar(text, i, entryCol);
      lineStart = i;
      atNode = true;
      scalarCol = -1;
      entryCol = -1;
      continue;
    }
    if (flow === 0 && atNode && c === "*") {
      // An alias is a whole node.
      if (scalarCol < 0) scalarCol = col;
      atNode = false;
      i++;
      continue;
    }
    // A plain scalar's character.
    if (flow === 0 && scalarCol < 0) scalarCol = col;
    atNode = false;
    i++;
  }
  return undefined;
}

/** Past the closing quote (or a document marker line, where yaml too stops looking). */
function skipQuoted(text: string, i: number): number {
  const q = text[i]!;
  i++;
  while (i < text.length) {
    const c = text[i]!;
    if (q === '"' && c === "\\") {
      i += 2;
      continue;
    }
    if (c === q) {
      if (q === "'" && text[i + 1] === "'") {
        i += 2;
        continue;
      }
      return i + 1;
    }
    if (isBreak(c)) {
      const next = c === "\r" && text[i + 1] === "\n" ? i + 2 : i + 1;
      if ((text.startsWith("---", next) || text.startsWith("...", next)) && ends(text[next + 3])) return next;
    }
    i++;
  }
  return i;
}

/**
 * Past a block scalar (`|` or `>` at offset i): its content is every
 * following line indented at least as far as its first non-empty line, which
 * must be indented past the parent entry's column. Returns the offset of the
 * first line that is not content (at its start, before any indentation).
 */
function skipBlockScalar(text: string, i: number, parentCol: number): number {
  const n = text.length;
  while (i < n && !isBreak(text[i])) i++;
  let indent = -1;
  while (i < n) {
    const start = i + (text[i] === "\r" && text[i + 1] === "\n" ? 2 : 1);
    let j = start;
    while (j < n && text[j] === " ") j++;
    const col = j - start;
    const empty = j >= n || isBreak(text[j]);
    if (!empty) {
      if (indent < 0) {
        if (col <= parentCol) return i;
        indent = col;
      } else if (col < indent) return i;
    }
    i = j;
    while (i < n && !isBreak(text[i])) i++;
    if (i >= n) return n;
  }
  return i;
}
