/**
 * vsftpd's own IPv6 parser (ipaddrparse.c vsf_sysutil_parse_ipv6), which it
 * uses for listen_address6 instead of inet_pton. It differs from inet_pton:
 * groups may have any number of leading zeros, an embedded IPv4 part may
 * sit anywhere and have leading zeros, a trailing ":" is accepted, and a
 * text with neither eight groups nor "::" is accepted short; brackets,
 * blanks and host names are refused. Debian's build first splits off a
 * "%zone" suffix (its binary calls if_nametoindex on it); upstream and RHEL
 * refuse the "%". Checked against the Debian 3.0.3 binary.
 */

export interface Ipv6 {
  /** The 16 address bytes; missing ones (see `short`) are given as zeros. */
  readonly bytes: readonly number[];
  /**
   * Bytes the text did not supply: no "::" and fewer than eight groups.
   * vsftpd takes them from whatever follows in memory (zeros in practice).
   */
  readonly short: number;
  /** The zone after "%", on builds that accept one. */
  readonly zone?: string;
}

function hexGroup(part: string): number[] | undefined {
  let v = 0;
  for (const ch of part) {
    if (!/^[0-9a-fA-F]$/.test(ch)) return undefined;
    v = v * 16 + parseInt(ch, 16);
    if (v > 0xffff) return undefined;
  }
  return [v >> 8, v & 0xff];
}

function dotQuad(part: string): number[] | undefined {
  const out: number[] = [];
  let v = 0;
  let digits = 0;
  for (const ch of part) {
    if (ch === ".") {
      if (digits === 0 || out.length === 3) return undefined;
      out.push(v);
      v = 0;
      digits = 0;
    } else if (ch >= "0" && ch <= "9") {
      v = v * 10 + Number(ch);
      if (v > 255) return undefined;
      digits++;
    } else {
      return undefined;
    }
  }
  if (out.length !== 3 || digits === 0) return undefined;
  return [...out, v];
}

/** ipv6_parse_main: ":"-separated groups, each hex or a dotted quad; no empty group except a final one. */
function groups(text: string): number[] | undefined {
  const out: number[] = [];
  let rest = text;
  while (rest !== "") {
    const colon = rest.indexOf(":");
    const part = colon < 0 ? rest : rest.slice(0, colon);
    rest = colon < 0 ? "" : rest.slice(colon + 1);
    if (part === "") return undefined;
    const bytes = part.includes(".") ? dotQuad(part) : hexGroup(part);
    if (!bytes) return undefined;
    out.push(...bytes);
  }
  return out;
}

/** `undefined` where vsftpd says "bad listen_address6". */
export function parseIpv6(text: string, opts: { readonly zones: boolean }): Ipv6 | undefined {
  let addr = text;
  let zone: string | undefined;
  const pct = opts.zones ? text.indexOf("%") : -1;
  if (pct >= 0) {
    addr = text.slice(0, pct);
    zone = text.slice(pct + 1);
  }
  const gap = addr.indexOf("::");
  const lhs = groups(gap < 0 ? addr : addr.slice(0, gap));
  const rhs = groups(gap < 0 ? "" : addr.slice(gap + 2));
  if (!lhs || !rhs || lhs.length + rhs.length > 16) return undefined;
  const fill = new Array<number>(16 - lhs.length - rhs.length).fill(0);
  // A trailing "::" appends nothing, so vsftpd, too, leaves the tail to memory; it reads as zeros.
  const short = gap < 0 ? fill.length : 0;
  const bytes = [...lhs, ...fill, ...rhs];
  return zone === undefined ? { bytes, short } : { bytes, short, zone };
}

/** RFC 5952 text: lower case, longest run of two or more zero groups as "::". */
export function formatIpv6(bytes: readonly number[]): string {
  const g = Array.from({ length: 8 }, (_, k) => (bytes[2 * k]! << 8) | bytes[2 * k + 1]!);
  let best = { at: -1, len: 1 };
  for (let k = 0; k < 8; ) {
    let n = 0;
    while (k + n < 8 && g[k + n] === 0) n++;
    if (n > best.len) best = { at: k, len: n };
    k += n || 1;
  }
  const hex = (xs: number[]) => xs.map((x) => x.toString(16)).join(":");
  if (best.at < 0) return hex(g);
  return `${hex(g.slice(0, best.at))}::${hex(g.slice(best.at + best.len))}`;
}
