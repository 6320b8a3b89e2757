/**
 * Option map → vsftpd.conf text. Deterministic: options appear in the order
 * of templates/vsftpd.conf.layout.json, grouped under column-0 comments (the
 * only comments vsftpd accepts), and values are written the way vsftpd
 * reads them (YES/NO, octal modes with their leading 0).
 */
import { readPackageFile } from "../core/package-root.js";
import type { Distro, Value } from "../vsftpd/option-spec.js";
import { optionSpec } from "../vsftpd/registry.js";
import { formatMode } from "../vsftpd/values.js";
import { commentText } from "./escape.js";
import type { OptionMap } from "./to-options.js";

interface Layout {
  header: string[];
  /** `commentWhenOff`: the comment when `switch` is NO (a TLS section whose lines only pin defaults). */
  groups: { title: string; comment: string[]; options: string[]; switch?: string; commentWhenOff?: string[] }[];
  rest: { title: string; comment: string[] };
}

let layout: Layout | undefined;
function loadLayout(): Layout {
  return (layout ??= JSON.parse(readPackageFile("templates", "vsftpd.conf.layout.json")) as Layout);
}

export function formatValue(name: string, value: Value): string {
  if (value === null) return "";
  if (typeof value === "boolean") return value ? "YES" : "NO";
  if (typeof value === "number") return optionSpec(name)?.kind === "mode" ? formatMode(value) : String(value);
  return value;
}

export interface RenderContext {
  readonly distro: Distro;
  readonly version: string;
  /** What the config was rendered from, for the header. */
  readonly source: string;
}

export function renderConf(options: OptionMap, ctx: RenderContext): string {
  const l = loadLayout();
  // A function replacement: "$&" and friends in a file name are text, not patterns.
  const fill = (s: string) =>
    s
      .replace("{version}", () => commentText(ctx.version))
      .replace("{source}", () => commentText(ctx.source))
      .replace("{distro}", () => ctx.distro);
  const out: string[] = l.header.map((h) => `# ${fill(h)}`);
  const placed = new Set<string>();
  const section = (title: string, comment: string[], names: string[]) => {
    const present = names.filter((n) => options.has(n));
    if (!present.length) return;
    out.push("", `# ${title}`, ...comment.map((c) => `# ${c}`));
    for (const n of present) {
      placed.add(n);
      const a = options.get(n)!;
      if (a.note) out.push(`# ${commentText(a.note)}`);
      if (a.accepts) out.push(`# ftpctl-disable ${a.accepts.code} -- ${commentText(a.accepts.reason)}`);
      out.push(`${n}=${formatValue(n, a.value)}`);
    }
  };
  for (const g of l.groups) {
    const off = g.switch !== undefined && g.commentWhenOff !== undefined && options.get(g.switch)?.value === false;
    section(g.title, off ? g.commentWhenOff! : g.comment, g.options);
  }
  const rest = [...options.keys()].filter((n) => !placed.has(n)).sort();
  section(l.rest.title, l.rest.comment, rest);
  return out.join("\n") + "\n";
}
