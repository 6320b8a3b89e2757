/**
 * Replaces the `string-width` package inside the bundle. yargs only measures
 * its own help text, which is ASCII plus ANSI colours; the real package
 * builds a large emoji regex at load time, which costs more start-up time
 * than every lint rule together.
 */
const ANSI = /\x1b\[[0-9;]*m/g;

export default function stringWidth(text: string): number {
  if (typeof text !== "string" || text.length === 0) return 0;
  let width = 0;
  for (const ch of text.replace(ANSI, "")) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0x300 && cp < 0x370) || cp === 0x200b) continue;
    // CJK and full-width forms take two columns.
    width += (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) ? 2 : 1;
  }
  return width;
}
