/**
 * The names a certificate answers to. TLS clients check the host name they
 * dialled against the subjectAltName entries only (RFC 6125; browsers and
 * curl ignore the CN), so every name, the CN included, becomes a SAN, and a
 * SAN that no client could ever match is refused here rather than shipped.
 */
import { hostname } from "node:os";
import { UsageError } from "../core/errors.js";
import { readInput, type InputKind } from "../core/read-input.js";

/** /etc/hosts is a few kilobytes; a larger one is not read. */
const HOSTS_INPUT: InputKind = { noun: "a hosts file", tooLargeFor: "a hosts file", maxBytes: 1024 * 1024 };

export type San = { readonly type: "dns"; readonly value: string } | { readonly type: "ip"; readonly value: string };

/** X.509's upper bound for a commonName (RFC 5280 ub-common-name). */
export const CN_MAX = 64;

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

/**
 * 4, 6, or 0 for neither. Not node:net's isIP: loading `net` and compiling
 * its IPv6 expression costs ~3 ms, a sixth of `cert generate`'s own time.
 * IPv6 goes through the WHATWG URL host parser (RFC 4291 text forms, no
 * zone IDs), which is already loaded.
 */
export function ipVersion(s: string): 0 | 4 | 6 {
  if (IPV4.test(s)) return 4;
  if (!/^[0-9a-f:.]+$/i.test(s) || !s.includes(":")) return 0;
  try {
    new URL(`http://[${s}]/`);
    return 6;
  } catch {
    return 0;
  }
}

/** Why `name` is not a DNS name a client can match, or undefined when it is one. */
export function dnsNameProblem(name: string): string | undefined {
  if (name === "") return "it is empty";
  if (/[^\x21-\x7e]/.test(name)) return "it has spaces or non-ASCII characters (write an internationalised name in its xn-- form)";
  if (name.length > 253) return "it is longer than 253 characters";
  const labels = name.toLowerCase().replace(/\.$/, "").split(".");
  // A wildcard is one whole leftmost label; clients match "*" against exactly one label.
  const rest = labels[0] === "*" && labels.length > 2 ? labels.slice(1) : labels;
  const bad = rest.find((l) => !LABEL.test(l));
  if (bad !== undefined) return bad === "" ? "it has an empty label (two dots in a row)" : `'${bad}' is not a valid label (letters, digits and inner hyphens, at most 63 characters)`;
  if (/^\d+$/.test(rest[rest.length - 1]!)) return "its last label is all digits (an IP address goes in as IP:address)";
  return undefined;
}

/** `DNS:name` or `IP:address` (prefix in any case), as `--san` takes it. */
export function parseSan(text: string): San {
  const m = /^(dns|ip):(.*)$/i.exec(text.trim());
  if (!m) throw new UsageError(`--san '${text}': write DNS:name or IP:address (for example DNS:ftp.example.org or IP:192.0.2.10)`);
  const value = m[2]!;
  if (m[1]!.toLowerCase() === "ip") {
    if (ipVersion(value) === 0) throw new UsageError(`--san '${text}': '${value}' is not an IPv4 or IPv6 address`);
    return { type: "ip", value: canonicalIp(value) };
  }
  const why = dnsNameProblem(value);
  if (why) throw new UsageError(`--san '${text}': not a DNS name: ${why}`);
  return { type: "dns", value: value.toLowerCase().replace(/\.$/, "") };
}

/** A CN, or a host name, as the SAN it implies: an address is an IP entry, anything else must be a DNS name. */
export function sanForName(name: string, flag: string): San {
  if (ipVersion(name) !== 0) return { type: "ip", value: canonicalIp(name) };
  const why = dnsNameProblem(name);
  if (why) throw new UsageError(`${flag} '${name}': not a host name or IP address: ${why}; the CN is also written as a subjectAltName, which clients match against the name they dial`);
  return { type: "dns", value: name.toLowerCase().replace(/\.$/, "") };
}

export const formatSan = (s: San): string => `${s.type === "dns" ? "DNS" : "IP"}:${s.value}`;

/** The 4 or 16 bytes of an address, as the iPAddress GeneralName holds it. */
export function ipBytes(ip: string): Buffer {
  if (ipVersion(ip) === 4) return Buffer.from(ip.split(".").map(Number));
  const groups = (part: string): number[] =>
    part === ""
      ? []
      : part.split(":").flatMap((g) => {
          if (!g.includes(".")) return [parseInt(g, 16)];
          const [a, b, c, d] = g.split(".").map(Number) as [number, number, number, number];
          return [(a << 8) | b, (c << 8) | d];
        });
  const [head = "", tail] = ip.split("::");
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? h : [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
  const out = Buffer.alloc(16);
  all.forEach((g, i) => out.writeUInt16BE(g, i * 2));
  return out;
}

function canonicalIp(ip: string): string {
  if (ipVersion(ip) === 4) return ip.split(".").map(Number).join(".");
  // The URL parser writes the RFC 5952 form (lower case, longest zero run as ::).
  return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
}

export interface HostNames {
  /** The fully qualified name when one is known locally, else the host name. */
  readonly fqdn: string;
  readonly short: string;
}

/**
 * This machine's names without touching the network: os.hostname(), and,
 * when that has no dot, the FQDN /etc/hosts gives it (what `hostname -f`
 * finds first on a typical system, but without a resolver that can hang
 * for seconds on a host with no DNS).
 */
export function localHostNames(hostsFile = "/etc/hosts", name = hostname()): HostNames {
  const short = name.split(".")[0]!;
  if (name.includes(".")) return { fqdn: name, short };
  let text = "";
  try {
    text = readInput(hostsFile, HOSTS_INPUT).toString("utf8");
  } catch {
    // No hosts file, or not one to read: the plain host name is all there is.
  }
  for (const line of text.split("\n")) {
    const names = line.replace(/#.*/, "").trim().split(/\s+/).slice(1);
    if (!names.some((n) => n.toLowerCase() === name.toLowerCase())) continue;
    const canonical = names[0]!;
    if (canonical.toLowerCase().startsWith(`${name.toLowerCase()}.`)) return { fqdn: canonical, short };
  }
  return { fqdn: name, short };
}

export interface Subject {
  readonly commonName: string;
  /** Every name clients may dial, the CN's own first. */
  readonly sans: readonly San[];
}

/**
 * The CN and SANs from --cn and --san (repeatable, or comma-separated as
 * openssl takes them). Without --cn: this host's FQDN, and its short name
 * as a second SAN, so clients can dial either.
 */
export function subjectFor(cn: string | undefined, sanFlags: readonly string[], hosts: () => HostNames = localHostNames): Subject {
  const names: San[] = [];
  let commonName: string;
  if (cn !== undefined) {
    if (cn.length > CN_MAX) throw new UsageError(`--cn is ${cn.length} characters; X.509 allows ${CN_MAX}: use a shorter CN and give the long name with --san DNS:name`);
    names.push(sanForName(cn, "--cn"));
    commonName = cn;
  } else {
    const h = hosts();
    for (const n of new Set([h.fqdn, h.short])) {
      if (dnsNameProblem(n) !== undefined) throw new UsageError(`this machine's host name '${n}' is not a DNS name (${dnsNameProblem(n)}); name the server with --cn`);
      names.push({ type: "dns", value: n.toLowerCase() });
    }
    commonName = h.fqdn.length <= CN_MAX ? h.fqdn : h.short;
  }
  for (const flag of sanFlags) for (const part of flag.split(",")) if (part.trim() !== "") names.push(parseSan(part));
  const seen = new Set<string>();
  return { commonName, sans: names.filter((s) => !seen.has(formatSan(s)) && seen.add(formatSan(s))) };
}
