/**
 * User-controlled text on its way into a line of output (a `#` comment of the
 * rendered config, a file:line: prefix on stderr) stays on that one line.
 */

/**
 * Text made safe for a `#` comment line: vsftpd ends a line at "\n" only, but
 * a CR, NUL or other control character, a line or paragraph separator, or a
 * stray surrogate has no business in the file either. Each becomes a visible
 * escape (\n, \x00, \u2028), and a backslash is doubled so the escape
 * reads back unambiguously.
 */
export function commentText(text: string): string {
  return text.replace(/[\\\x00-\x1f\x7f-\x9f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => {
    if (c === "\\") return "\\\\";
    if (c === "\n") return "\\n";
    if (c === "\r") return "\\r";
    if (c === "\t") return "\\t";
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}
