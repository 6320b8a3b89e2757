/**
 * A name the user gave (a file name, a profile name, a flag's value) on its
 * way into an error line or a finding: control characters become visible
 * escapes (\n, \x1b, \u2028), so a name holding a newline cannot split the
 * one line of an error into two or forge a finding, and an escape sequence
 * cannot repaint the terminal. Everything else is shown as typed; a
 * backslash is left alone (unlike commentText for the rendered file), so
 * escaping twice, a name and then the line holding it, changes nothing.
 */
const CONTROL = /[\x00-\x1f\x7f-\x9f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function shown(name: string): string {
  return name.replace(CONTROL, (c) => {
    if (c === "\n") return "\\n";
    if (c === "\r") return "\\r";
    if (c === "\t") return "\\t";
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** One line for stderr: what `shown` does to a name, done to a whole message. */
export const oneLine = shown;
