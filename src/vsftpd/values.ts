/**
 * vsftpd's value conversions, reproduced bit for bit: bools by
 * case-insensitive match, uints by C atoi or by octal after a leading "0".
 */

const TRUE_WORDS = new Set(["YES", "TRUE", "1"]);
const FALSE_WORDS = new Set(["NO", "FALSE", "0"]);

/**
 * C toupper() in the C locale: ASCII letters only. String#toUpperCase would
 * turn "ye\u017f" (long s) into "YES", which vsftpd refuses.
 */
function asciiUpper(value: string): string {
  return value.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 32));
}

/** `undefined` means vsftpd refuses the value ("bad bool value"). */
export function parseBool(value: string): boolean | undefined {
  const up = asciiUpper(value);
  if (TRUE_WORDS.has(up)) return true;
  if (FALSE_WORDS.has(up)) return false;
  return undefined;
}

const UINT = 2 ** 32;

/** str_octal_to_uint: octal digits up to the first other character, wrapping at 32 bits. */
export function octalToUint(value: string): number {
  let n = 0;
  for (const ch of value) {
    if (ch < "0" || ch > "7") break;
    n = (n * 8 + (ch.charCodeAt(0) - 48)) % UINT;
  }
  return n;
}

const LONG_MAX = 2n ** 63n - 1n;
const LONG_MIN = -(2n ** 63n);

/**
 * glibc atoi, i.e. (int) strtol(s, NULL, 10), stored in an unsigned int:
 * leading whitespace, an optional sign, digits; the rest is ignored.
 */
export function atoiUint(value: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d*)/.exec(value);
  const digits = m?.[2] ?? "";
  if (digits === "") return 0;
  let big = BigInt(digits);
  if (m?.[1] === "-") big = -big;
  if (big > LONG_MAX) big = LONG_MAX;
  if (big < LONG_MIN) big = LONG_MIN;
  return Number(BigInt.asUintN(32, big));
}

/** How vsftpd reads any uint value. */
export function parseUint(value: string): number {
  return value.startsWith("0") ? octalToUint(value) : atoiUint(value);
}

/** Shows a uint the way a reader expects: octal modes with their leading 0. */
export function formatMode(n: number): string {
  const digits = n.toString(8).padStart(3, "0");
  return digits.startsWith("0") ? digits : "0" + digits;
}
