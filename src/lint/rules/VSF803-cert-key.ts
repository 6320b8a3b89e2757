import { tls12CipherFor, type KeyFamily } from "../../cert/ciphers.js";
import { inspectCertificate, type CertProblem, type CertProblemCode } from "../../cert/inspect.js";
import type { HostFacts } from "../../host/facts.js";
import { at } from "../host-checks/messages.js";
import { loadCertChain, readPem } from "../host-checks/pem.js";
import { on, str } from "../host-checks/settings.js";
import { defineRule, type RuleContext } from "../rule.js";

const PAIRS = [
  { kind: "RSA", cert: "rsa_cert_file", key: "rsa_private_key_file" },
  { kind: "DSA", cert: "dsa_cert_file", key: "dsa_private_key_file" },
] as const;

type Pair = (typeof PAIRS)[number];

/** What vsftpd never checks (it serves the certificate anyway), so only warnings. */
const CLIENT_SIDE: Readonly<Partial<Record<CertProblemCode, string>>> = {
  expired: "expired",
  "not-yet-valid": "notYetValid",
  expiring: "expiring",
  "no-san": "noSan",
  "not-server-auth": "notServerAuth",
};

/** A path this rule can judge; missing files and lookup errors are VSF802's. */
function present(host: HostFacts, path: string | null): path is string {
  return path !== null && path.startsWith("/") && host.lookup(path).state === "found";
}

export default defineRule({
  code: "VSF803",
  name: "cert-key",
  severity: "error",
  category: "host",
  host: true,
  description: "With ssl_enable, the certificate and key must load and belong together; expiring or SAN-less certificates are flagged.",
  messages: {
    certBad: "{option} '{path}' does not load as a certificate: {detail}; vsftpd refuses to start (SSL: cannot load {kind} certificate)",
    keyBad: "{source} has no usable private key: {detail}; vsftpd refuses to start (SSL: cannot load {kind} private key)",
    mismatch:
      "the private key in '{keyPath}' does not belong to the certificate in '{certPath}': vsftpd refuses to start (SSL: cannot load {kind} private key)",
    keyTypeMismatch:
      "the private key in '{keyPath}' does not belong to the certificate in '{certPath}' ({detail}): vsftpd starts, but OpenSSL files keys by type, so the certificate has no key and TLS handshakes that would use it fail",
    caBad: "ca_certs_file '{path}' does not load: {detail}; vsftpd refuses to start (SSL: could not load verify file)",
    needsRoot: "not checked: needs root: {option} '{path}' ({why}); whether it loads is not known",
    expired: "the certificate in '{path}' {detail}: vsftpd still serves it, but TLS clients that verify refuse it",
    notYetValid: "the certificate in '{path}' is {detail}: vsftpd serves it, but TLS clients that verify refuse it until then",
    expiring: "the certificate in '{path}' {detail}",
    noSan: "the certificate in '{path}' has {detail}: TLS clients match host names only against subjectAltName and refuse it",
    notServerAuth: "the certificate in '{path}' has {detail}: vsftpd serves it, but TLS clients refuse it for a server",
    cipherKeyType:
      "the certificate in '{path}' has an {family} key, but ssl_ciphers={ciphers} allows no TLS 1.2 cipher for {family} keys: every TLS 1.2 handshake fails (no shared cipher), while TLS 1.3 clients still connect; {fix}",
  },
  check(ctx) {
    if (!on(ctx.get, "ssl_enable")) return;
    const served = PAIRS.flatMap((pair) => checkPair(ctx, pair) ?? []);
    checkCiphers(ctx, served);
    checkCaFile(ctx);
  },
});

/** A certificate vsftpd loads, and the family of its key. */
interface Served {
  readonly path: string;
  readonly family: string;
}

/** Checks one certificate/key slot; returns the certificate it holds, when it loads. */
function checkPair(ctx: RuleContext, pair: Pair): Served | undefined {
  const host = ctx.host!;
  const certPath = str(ctx.get, pair.cert);
  if (!present(host, certPath)) return;
  const where = at(ctx, pair.cert, "ssl_enable");
  const cert = readPem(host, certPath);
  // With no key file set, vsftpd takes the key from the certificate file, so one must be there.
  const keyOption = str(ctx.get, pair.key) === null ? pair.cert : pair.key;
  const keyPath = str(ctx.get, pair.key) ?? certPath;
  const keyWhere = at(ctx, keyOption, "ssl_enable");
  const key = keyPath === certPath ? cert : present(host, keyPath) ? readPem(host, keyPath) : undefined;
  if (cert.state === "needsRoot") {
    ctx.report({ messageId: "needsRoot", severity: "info", data: { option: pair.cert, path: certPath, why: cert.why }, ...where });
    // A key that is unreadable too is named, so the operator learns every path the lint skipped.
    if (key?.state === "needsRoot" && keyPath !== certPath) ctx.report({ messageId: "needsRoot", severity: "info", data: { option: keyOption, path: keyPath, why: key.why }, ...keyWhere });
    return;
  }
  if (cert.state !== "text") {
    const detail = cert.state === "bad" ? cert.detail : "it disappeared while being checked";
    ctx.report({ messageId: "certBad", data: { option: pair.cert, path: certPath, detail, kind: pair.kind }, ...where });
    return;
  }
  const certText = cert.text;
  const source = keyOption === pair.cert ? `${pair.cert} '${keyPath}' (${pair.key} is unset, so the key must be in it)` : `${pair.key} '${keyPath}'`;
  const keyText = key?.state === "text" ? key.text : undefined;
  if (key?.state === "bad") ctx.report({ messageId: "keyBad", data: { source, detail: key.detail, kind: pair.kind }, ...keyWhere });
  if (key?.state === "needsRoot") ctx.report({ messageId: "needsRoot", severity: "info", data: { option: keyOption, path: keyPath, why: key.why }, ...keyWhere });

  const inspection = inspectCertificate(certText, keyText, host.now());
  const found = inspection.problems;
  // A key file that is missing is VSF802's; one that cannot be read was reported above.
  const problems = keyText === undefined ? found.filter((p) => !p.code.startsWith("key-")) : found;
  const report = (p: CertProblem): void => {
    const data = { detail: p.detail, kind: pair.kind };
    switch (p.code) {
      case "missing":
      case "unparsable":
        return ctx.report({ messageId: "certBad", data: { ...data, option: pair.cert, path: certPath }, ...where });
      case "key-missing":
      case "key-unusable":
        return ctx.report({ messageId: "keyBad", data: { ...data, source }, ...keyWhere });
      case "key-mismatch":
        return ctx.report({ messageId: p.stopsVsftpd ? "mismatch" : "keyTypeMismatch", data: { ...data, keyPath, certPath }, ...keyWhere });
      default:
        return ctx.report({ messageId: CLIENT_SIDE[p.code]!, data: { ...data, path: certPath }, severity: "warning", ...where });
    }
  };
  // vsftpd meets the key before clients meet the dates: report in that order.
  for (const p of problems.filter((q) => !(q.code in CLIENT_SIDE))) report(p);
  for (const p of problems.filter((q) => q.code in CLIENT_SIDE)) report(p);
  const family = inspection.certificate?.key.type;
  return family === undefined ? undefined : { path: certPath, family };
}

const FIX: Readonly<Record<KeyFamily, string>> = {
  ec: "add ECDSA suites (ECDHE-ECDSA-AES256-GCM-SHA384) to ssl_ciphers, or use an RSA certificate",
  rsa: "add RSA suites (ECDHE-RSA-AES256-GCM-SHA384) to ssl_ciphers, or use an EC certificate",
};

/**
 * The certificates' key types against the TLS 1.2 ciphers vsftpd offers
 * (ssl_ciphers, the compiled default when unset): one certificate a cipher
 * can use is enough, as OpenSSL picks the certificate per handshake.
 */
function checkCiphers(ctx: RuleContext, served: readonly Served[]): void {
  const ciphers = str(ctx.get, "ssl_ciphers");
  const first = served[0];
  if (ciphers === null || ciphers === "" || first === undefined) return;
  const usable = served.map((c) => (c.family === "rsa" || c.family === "ec" ? tls12CipherFor(ciphers, c.family) : undefined));
  if (!usable.every((u) => u === false)) return;
  const family = first.family as KeyFamily;
  const data = { path: first.path, family: family === "ec" ? "EC" : "RSA", ciphers, fix: FIX[family] };
  ctx.report({ messageId: "cipherKeyType", severity: "warning", data, ...at(ctx, "ssl_ciphers", "rsa_cert_file") });
}

function checkCaFile(ctx: RuleContext): void {
  const host = ctx.host!;
  if (!on(ctx.get, "ssl_request_cert") && !on(ctx.get, "require_cert")) return;
  const path = str(ctx.get, "ca_certs_file");
  if (!present(host, path)) return;
  const pem = readPem(host, path);
  if (pem.state === "needsRoot") {
    ctx.report({ messageId: "needsRoot", severity: "info", data: { option: "ca_certs_file", path, why: pem.why }, ...at(ctx, "ca_certs_file") });
    return;
  }
  const chain = pem.state === "text" ? loadCertChain(pem.text) : { ok: false as const, why: pem.state === "bad" ? pem.detail : "it disappeared while being checked" };
  if (!chain.ok) ctx.report({ messageId: "caBad", data: { path, detail: chain.why }, ...at(ctx, "ca_certs_file") });
}
