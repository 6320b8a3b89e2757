/**
 * Bounds what a message quotes from a line of the file. A refused line may be anything (a line
 * of a shadow file pasted into a config, a key): a finding names it by its beginning, enough to
 * find it, never the whole of a long line.
 */

/** The most characters of a line a message or an excerpt quotes. */
export const QUOTE_MAX = 60;

/** `text` cut to QUOTE_MAX characters (code points), with "…" where it was cut. */
export function clip(text: string, max = QUOTE_MAX): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max).join("") + "…";
}

/** vsftpd's message ending in `name` (its "...: NAME"), with the name clipped. */
export function clipQuoted(message: string, name: string, max = QUOTE_MAX): string {
  return name.length > max && message.endsWith(name) ? message.slice(0, message.length - name.length) + clip(name, max) : clip(message, max * 2);
}
