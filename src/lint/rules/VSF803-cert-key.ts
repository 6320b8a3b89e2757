import type { X509Certificate } from "node:crypto";
import type { HostFacts } from "../../host/facts.js";
import { at } from "../host-checks/messages.js";
import { loadCertChain, loadPrivateKey } from "../host-checks/pem.js";
import { on, str } from "../host-checks/settings.js";
import { defineRule, type RuleContext } from "../rule.js";

const DAY = 86_400_000;
const EXPIRY_WARNING_DAYS = 30;

const PAIRS = [
  { kind: "RSA", cert: "rsa_cert_file", key: "rsa_private_key_file" },
  { kind: "DSA", cert: "dsa_cert_file", key: "dsa_private_key_file" },
] as const;

/** A path this rule can judge; missing files are VSF802's. */
function present(host: HostFacts, path: string | null): path is string {
  return path !== null && path.startsWith("/") && host.stat(path) !== undefined;
}

function unreadable(host: HostFacts, path: string): string {
  const t = host.stat(path)?.type;
  return t === "dir" ? "it is a directory" : t === "other" ? "it is not a regular file" : "it cannot be read";
}

const day = (d: Date) => d.toISOString().slice(0, 10);

function validity(ctx: RuleContext, cert: X509Certificate, path: string, option: string): void {
  const now = ctx.host!.now().getTime();
  const from = new Date(cert.validFrom);
  const to = new Date(cert.validTo);
  const where = { severity: "warning" as const, ...at(ctx, option, "ssl_enable") };
  if (to.getTime() < now) ctx.report({ messageId: "expired", data: { path, date: day(to) }, ...where });
  else if (from.getTime() > now) ctx.report({ messageId: "notYetValid", data: { path, date: day(from) }, ...where });
  else if (to.getTime() - now < EXPIRY_WARNING_DAYS * DAY) {
    ctx.report({ messageId: "expiring", data: { path, date: day(to), days: Math.floor((to.getTime() - now) / DAY) }, ...where });
  }
  if (cert.subjectAltName === undefined) ctx.report({ messageId: "noSan", data: { path }, ...where });
}

export default defineRule({
  code: "VSF803",
  name: "cert-key",
  severity: "error",
  category: "host",
  host: true,
  description: "With ssl_enable, the certificate and key must load and belong together; expiring or SAN-less certificates are flagged.",
  messages: {
    certBad: "{option} '{path}' does not load as a certificate: {why}; vsftpd refuses to start (SSL: cannot load {kind} certificate)",
    keyBad: "{source} has no usable private key: {why}; vsftpd refuses to start (SSL: cannot load {kind} private key)",
    mismatch:
      "the private key in '{keyPath}' does not belong to the certificate in '{certPath}': vsftpd refuses to start (SSL: cannot load {kind} private key)",
    caBad: "ca_certs_file '{path}' does not load: {why}; vsftpd refuses to start (SSL: could not load verify file)",
    expired: "the certificate in '{path}' expired on {date}: vsftpd still serves it, but TLS clients that verify will refuse it",
    notYetValid: "the certificate in '{path}' is not valid before {date}: TLS clients that verify will refuse it until then",
    expiring: "the certificate in '{path}' expires on {date}, in {days} days",
    noSan: "the certificate in '{path}' has no subjectAltName: TLS clients match host names only against subjectAltName and will refuse it",
  },
  check(ctx) {
    const host = ctx.host!;
    if (!on(ctx.get, "ssl_enable")) return;
    for (const pair of PAIRS) {
      const certPath = str(ctx.get, pair.cert);
      if (!present(host, certPath)) continue;
      const certText = host.readText(certPath);
      const chain = certText === undefined ? { ok: false as const, why: unreadable(host, certPath) } : loadCertChain(certText);
      if (!chain.ok) {
        ctx.report({ messageId: "certBad", data: { option: pair.cert, path: certPath, why: chain.why, kind: pair.kind }, ...at(ctx, pair.cert, "ssl_enable") });
        continue;
      }
      const keyOption = str(ctx.get, pair.key) === null ? pair.cert : pair.key;
      const keyPath = str(ctx.get, pair.key) ?? certPath;
      if (present(host, keyPath)) {
        const keyText = host.readText(keyPath);
        const key = keyText === undefined ? { ok: false as const, why: unreadable(host, keyPath) } : loadPrivateKey(keyText);
        const source =
          keyOption === pair.cert ? `${pair.cert} '${keyPath}' (${pair.key} is unset, so the key must be in it)` : `${pair.key} '${keyPath}'`;
        if (!key.ok) {
          ctx.report({ messageId: "keyBad", data: { source, why: key.why, kind: pair.kind }, ...at(ctx, keyOption, "ssl_enable") });
        } else if (!matches(chain.cert, key.key)) {
          ctx.report({ messageId: "mismatch", data: { keyPath, certPath, kind: pair.kind }, ...at(ctx, keyOption, "ssl_enable") });
        }
      }
      validity(ctx, chain.cert, certPath, pair.cert);
    }
    checkCaFile(ctx);
  },
});

function matches(cert: X509Certificate, key: Parameters<X509Certificate["checkPrivateKey"]>[0]): boolean {
  try {
    return cert.checkPrivateKey(key);
  } catch {
    return false;
  }
}

function checkCaFile(ctx: RuleContext): void {
  const host = ctx.host!;
  if (!on(ctx.get, "ssl_request_cert") && !on(ctx.get, "require_cert")) return;
  const path = str(ctx.get, "ca_certs_file");
  if (!present(host, path)) return;
  const text = host.readText(path);
  const chain = text === undefined ? { ok: false as const, why: unreadable(host, path) } : loadCertChain(text);
  if (!chain.ok) ctx.report({ messageId: "caBad", data: { path, why: chain.why }, ...at(ctx, "ca_certs_file") });
}
