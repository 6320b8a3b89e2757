/**
 * Whether glibc's gethostbyname, which vsftpd calls on pasv_address with
 * pasv_addr_resolve=YES, could ever find a name, judged from the name
 * alone. Checked against glibc 2.36 and vsftpd 3.0.3: digits and dots that
 * are not an IPv4 address, and IPv6 literals, fail before any lookup; a
 * blank never matches /etc/hosts (fields are split at blanks) nor DNS; a
 * name that is no DNS host name (brackets, '%', an empty label, a leading
 * '-') is never sent to DNS, so only an /etc/hosts alias spelled exactly so
 * could resolve it.
 */
import { inetAton } from "./inet.js";

export interface HostNameProblem {
  readonly why: string;
  /** False when an /etc/hosts alias with this exact spelling would still resolve it. */
  readonly certain: boolean;
}

const HEX_OR_COLON = /^[0-9a-fA-F:.]+$/;
const MAX_LABEL = 63;

export function hostNameProblem(name: string): HostNameProblem | undefined {
  if (/[ \t\n\v\f\r]/.test(name)) return { why: "it holds a blank, which neither /etc/hosts nor DNS names can", certain: true };
  // glibc's digits-and-dots shortcut: decided without /etc/hosts or DNS (a trailing dot opts out).
  if (/^\d[\d.]*$/.test(name) && !name.endsWith(".")) {
    const aton = inetAton(name);
    if (!aton || aton.read !== name) return { why: "digits and dots that are not an IPv4 address, which gethostbyname refuses without a lookup", certain: true };
    return undefined;
  }
  if ((/^[0-9a-fA-F]/.test(name) || name.startsWith(":")) && name.includes(":") && HEX_OR_COLON.test(name) && !name.endsWith(".")) {
    return { why: "an IPv6 address, which gethostbyname refuses without a lookup (and PASV replies carry IPv4 only)", certain: true };
  }
  // A backslash escapes a byte for DNS ("\065" is "A"); what it spells is not judged here.
  if (name.includes("\\")) return undefined;
  const labels = name.replace(/\.$/, "").split(".");
  const dnsName = /^[A-Za-z0-9._-]+$/.test(name) && !name.startsWith("-") && labels.every((l) => l.length > 0 && l.length <= MAX_LABEL);
  if (dnsName) return undefined;
  return { why: "it is no DNS host name (letters, digits, '-', '_' and dots), so DNS is never asked and only an /etc/hosts alias spelled exactly so could resolve it", certain: false };
}
