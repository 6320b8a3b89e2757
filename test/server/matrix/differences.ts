/**
 * The differences between vsftpd and the embedded server that remain, as
 * docs/serve.md lists them ("### In the client matrix"): the test finds
 * every difference in the run and asserts that this table is exactly it.
 */
import { readFileSync } from "node:fs";
import { REPO } from "../../cli/ftpctl.js";
import type { Outcome } from "./target.js";

/** One place where the two servers answered differently. */
export interface Difference {
  readonly config: string;
  /** A client, or "raw" for the bare control connection. */
  readonly client: string;
  /** A tutorial command, or the line the raw connection sent. */
  readonly command: string;
  readonly vsftpd: string;
  readonly here: string;
}

/** A row of the docs table; a `*` in a cell stands for any text. */
export type KnownDifference = Difference & { readonly why: string };

export const DOC = `${REPO}docs/serve.md`;
const HEADING = "### In the client matrix";

/** "allow", "deny" or "deny 550": what the client saw. */
export const describeOutcome = (o: Outcome): string => (o.allow ? "allow" : o.code === undefined ? "deny" : `deny ${o.code}`);

export function knownDifferences(markdown = readFileSync(DOC, "utf8")): KnownDifference[] {
  const at = markdown.indexOf(`\n${HEADING}\n`);
  if (at < 0) throw new Error(`${DOC} has no '${HEADING}' section`);
  const rows: KnownDifference[] = [];
  const lines = markdown.slice(at + HEADING.length + 2).split("\n");
  let inTable = false;
  for (const line of lines) {
    if (!line.startsWith("|")) {
      if (inTable) break;
      continue;
    }
    inTable = true;
    // A pipe inside a cell is written \| (EPRT's argument).
    const cells = line.trim().slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim().replace(/^`(.*)`$/, "$1").replace(/\\\|/g, "|"));
    if (cells[0] === "config" || /^-+$/.test(cells[0]!)) continue;
    if (cells.length !== 6) throw new Error(`${DOC}: a known-difference row needs 6 cells: ${line}`);
    const [config, client, command, vsftpd, here, why] = cells as [string, string, string, string, string, string];
    rows.push({ config, client, command, vsftpd, here, why });
  }
  return rows;
}

/** A cell is the value itself, or a pattern where `*` stands for any text (`incoming/*`, `file 0600 0:* *`). */
function cell(pattern: string, value: string): boolean {
  if (!pattern.includes("*")) return pattern === value;
  const re = new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "s");
  return re.test(value);
}

/** Configurations and clients may also be listed: `local, jailed`. */
const oneOf = (pattern: string, value: string) => pattern.split(", ").some((p) => cell(p, value));

export function matches(row: KnownDifference, d: Difference): boolean {
  return oneOf(row.config, d.config) && oneOf(row.client, d.client) && cell(row.command, d.command) && cell(row.vsftpd, d.vsftpd) && cell(row.here, d.here);
}

const esc = (s: string) => s.replace(/\|/g, "\\|");
export const formatDifference = (d: Difference) => `| ${d.config} | ${d.client} | \`${esc(d.command)}\` | ${d.vsftpd} | ${d.here} |`;
