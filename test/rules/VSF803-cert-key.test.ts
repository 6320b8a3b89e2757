import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { debianHost, dir, link, unreachable, unreadableFile } from "../helpers/fake-facts.js";
import type { FakeMachine } from "../helpers/fake-facts.js";
import rule from "../../src/lint/rules/VSF803-cert-key.js";
import { ruleTester } from "../helpers/rule-tester.js";

/** Real certificates from the real openssl, made once for this file. */
function makePki() {
  const d = mkdtempSync(join(tmpdir(), "ftpctl-vsf803-"));
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] });
  const req = (name: string, key: string[], san: boolean) =>
    openssl("req", "-x509", "-newkey", ...key, "-nodes", "-keyout", join(d, `${name}.key`), "-out", join(d, `${name}.pem`), "-days", "365", "-subj", `/CN=${name}`, ...(san ? ["-addext", `subjectAltName=DNS:${name}.example.org`] : []));
  try {
    req("rsa", ["rsa:2048"], true);
    req("ec", ["ec", "-pkeyopt", "ec_paramgen_curve:P-256"], true);
    req("nosan", ["ec", "-pkeyopt", "ec_paramgen_curve:P-256"], false);
    req("other", ["rsa:2048"], true);
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(d, "client.key"), "-out", join(d, "client.pem"), "-days", "365", "-subj", "/CN=client", "-addext", "subjectAltName=DNS:client.example.org", "-addext", "extendedKeyUsage=clientAuth");
    openssl("x509", "-in", join(d, "rsa.pem"), "-addtrust", "serverAuth", "-out", join(d, "trusted.pem"));
    openssl("x509", "-in", join(d, "rsa.pem"), "-outform", "der", "-out", join(d, "rsa.der"));
    openssl("pkey", "-in", join(d, "rsa.key"), "-aes256", "-passout", "pass:secret", "-out", join(d, "enc.key"));
    openssl("rsa", "-in", join(d, "rsa.key"), "-traditional", "-out", join(d, "trad.key"));
    const read = (f: string) => readFileSync(join(d, f), "utf8");
    return {
      rsaCert: read("rsa.pem"),
      rsaKey: read("rsa.key"),
      ecCert: read("ec.pem"),
      ecKey: read("ec.key"),
      noSanCert: read("nosan.pem"),
      noSanKey: read("nosan.key"),
      encKey: read("enc.key"),
      tradKey: read("trad.key"),
      otherKey: read("other.key"),
      clientCert: read("client.pem"),
      clientKey: read("client.key"),
      trustedCert: read("trusted.pem"),
      derCert: readFileSync(join(d, "rsa.der"), "latin1"),
    };
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
}

const pki = makePki();
const rsa = new X509Certificate(pki.rsaCert);
const DAY = 86_400_000;
const validNow = new Date(new Date(rsa.validFrom).getTime() + DAY);
const corrupt = "-----BEGIN CERTIFICATE-----\nMIIBAAAAAAAAAAAAAAAAAAAA\n-----END CERTIFICATE-----\n";
const corruptKey = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
const relabel = (pem: string, label: string) => pem.replaceAll("CERTIFICATE-----", `${label}-----`);
/** The first lines of a PEM file, as a copy cut short leaves it. */
const cutOff = (pem: string) => pem.split("\n").slice(0, 5).join("\n") + "\n";

function host(files: Record<string, string | ReturnType<typeof dir>>, now = validNow, more: FakeMachine = {}) {
  return debianHost({ ...more, now, files: { ...files, ...more.files } });
}

const ssl = "ssl_enable=YES\n";
const pair = `${ssl}rsa_cert_file=/etc/ssl/ftp.pem\nrsa_private_key_file=/etc/ssl/ftp.key\n`;
const single = `${ssl}rsa_cert_file=/etc/ssl/ftp.pem\n`;
const good = { "/etc/ssl/ftp.pem": pki.rsaCert, "/etc/ssl/ftp.key": pki.rsaKey };

ruleTester(rule, {
  valid: [
    { conf: pair, host: debianHost({ now: validNow, files: { ...good, "/etc/ssl/ftp.pem": unreachable("EACCES") } }), name: "a certificate whose lookup fails is VSF802's" },
    { conf: pair, host: debianHost({ now: validNow, files: { ...good, "/etc/ssl/ftp.key": link("/etc/ssl/ftp.key") } }), name: "a key behind a symlink loop is VSF802's" },
    { conf: pair, name: "no host: the rule does not run" },
    { conf: "ssl_enable=NO\nrsa_cert_file=/etc/ssl/ftp.pem\n", host: host({ "/etc/ssl/ftp.pem": "junk" }), name: "TLS off: files are not read" },
    { conf: pair, host: host(good), name: "matching certificate and key" },
    { conf: single, host: host({ "/etc/ssl/ftp.pem": pki.rsaCert + pki.rsaKey }), name: "certificate and key in one file" },
    { conf: single, host: host({ "/etc/ssl/ftp.pem": pki.rsaKey + pki.rsaCert }), name: "key before certificate in one file" },
    { conf: pair, host: host({ ...good, "/etc/ssl/ftp.key": pki.tradKey }), name: "traditional RSA key format" },
    { conf: `${pair}ssl_ciphers=HIGH\n`, host: host({ "/etc/ssl/ftp.pem": pki.ecCert, "/etc/ssl/ftp.key": pki.ecKey }), name: "EC certificate in the RSA slot, ciphers for any key" },
    { conf: `${pair}ssl_ciphers=ECDHE-ECDSA-AES256-GCM-SHA384\n`, host: host({ "/etc/ssl/ftp.pem": pki.ecCert, "/etc/ssl/ftp.key": pki.ecKey }), name: "EC certificate, ECDSA ciphers" },
    { conf: `${pair}ssl_ciphers=NOT-A-CIPHER\n`, host: host(good), name: "a cipher string OpenSSL refuses is VSF205's" },
    { conf: `${pair}ssl_ciphers=\n`, host: host({ "/etc/ssl/ftp.pem": pki.ecCert, "/etc/ssl/ftp.key": pki.ecKey }), name: "empty ssl_ciphers: OpenSSL's default list" },
    { conf: pair, host: host({ ...good, "/etc/ssl/ftp.pem": pki.rsaCert + pki.ecCert }), name: "leaf followed by a chain certificate" },
    {
      conf: `${pair}dsa_cert_file=/etc/ssl/ec.pem\ndsa_private_key_file=/etc/ssl/ec.key\n`,
      host: host({ ...good, "/etc/ssl/ec.pem": pki.ecCert, "/etc/ssl/ec.key": pki.ecKey }),
      name: "second certificate in the DSA slot",
    },
    { conf: `${pair}ca_certs_file=/etc/ssl/ca.pem\n`, host: host({ ...good, "/etc/ssl/ca.pem": pki.ecCert }), name: "CA bundle" },
    {
      conf: `${pair}ca_certs_file=/etc/ssl/ca.pem\nssl_request_cert=NO\n`,
      host: host({ ...good, "/etc/ssl/ca.pem": "junk" }),
      name: "CA bundle not read without ssl_request_cert/require_cert",
    },
    { conf: pair, host: host({}), name: "missing files are VSF802's" },
    {
      conf: pair,
      host: host({ "/etc/ssl/ftp.pem": pki.rsaCert + pki.ecKey }),
      name: "a missing key file is VSF802's, even with another key in the certificate file",
    },
    { conf: pair, host: host({ ...good, "/etc/ssl/ftp.pem": relabel(pki.rsaCert, "X509 CERTIFICATE") }), name: "the old X509 CERTIFICATE label" },
    { conf: pair, host: host({ ...good, "/etc/ssl/ftp.pem": pki.trustedCert + pki.ecCert }), name: "a TRUSTED CERTIFICATE first, with its chain" },
    {
      conf: pair,
      host: host({ ...good, "/etc/ssl/ftp.pem": pki.rsaCert + relabel(corrupt, "TRUSTED CERTIFICATE") }),
      name: "a TRUSTED CERTIFICATE after the first is passed over, even a corrupt one",
    },
    { conf: pair, host: host({ ...good, "/etc/ssl/ftp.key": corruptKey + pki.rsaKey }), name: "a key block that does not decode is passed over" },
    { conf: pair, host: host({ ...good, "/etc/ssl/ftp.key": pki.rsaKey + cutOff(pki.otherKey) }), name: "what follows the key is not read" },
    { conf: `${ssl}rsa_cert_file=\n`, host: host({}), name: "no certificate configured" },
  ],
  invalid: [
    {
      conf: pair,
      host: host({ "/etc/ssl/ftp.pem": pki.ecCert, "/etc/ssl/ftp.key": pki.ecKey }),
      name: "EC certificate and the compiled-in RSA-only cipher (the hardened default)",
      errors: [{ messageId: "cipherKeyType", line: 2, severity: "warning", contains: "has an EC key, but ssl_ciphers=ECDHE-RSA-AES256-GCM-SHA384 allows no TLS 1.2 cipher for EC keys" }],
    },
    {
      conf: `${pair}ssl_ciphers=ECDHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-SHA\n`,
      host: host({ "/etc/ssl/ftp.pem": pki.ecCert, "/etc/ssl/ftp.key": pki.ecKey }),
      name: "EC certificate, an RSA-only list: points at ssl_ciphers",
      errors: [{ messageId: "cipherKeyType", line: 4, severity: "warning", contains: "TLS 1.3 clients still connect" }],
    },
    {
      conf: `${pair}ssl_ciphers=ECDHE-ECDSA-AES256-GCM-SHA384\n`,
      host: host(good),
      name: "RSA certificate, an ECDSA-only list",
      errors: [{ messageId: "cipherKeyType", line: 4, severity: "warning", contains: "has an RSA key" }],
    },
    {
      conf: pair,
      host: debianHost({ now: validNow, asDaemon: false, files: { ...good, "/etc/ssl/ftp.key": unreadableFile("EACCES") } }),
      name: "a root-only key read by an ordinary user is not 'no usable private key'",
      errors: [
        {
          messageId: "needsRoot",
          severity: "info",
          line: 3,
          contains: "not checked: needs root: rsa_private_key_file '/etc/ssl/ftp.key' (reading it fails for ftpctl: permission denied (EACCES); vsftpd runs as root)",
        },
      ],
    },
    {
      conf: pair,
      host: debianHost({ now: validNow, asDaemon: false, files: { ...good, "/etc/ssl/ftp.pem": unreadableFile("EACCES") } }),
      name: "an unreadable certificate as an ordinary user is not 'does not load'",
      errors: [{ messageId: "needsRoot", severity: "info", line: 2, contains: "not checked: needs root: rsa_cert_file '/etc/ssl/ftp.pem' (reading it fails" }],
    },
    {
      conf: pair,
      host: debianHost({ now: validNow, asDaemon: false, files: { ...good, "/etc/ssl/ftp.pem": unreadableFile("EACCES"), "/etc/ssl/ftp.key": unreadableFile("EACCES") } }),
      name: "a root-only certificate and key read by an ordinary user: both named, neither refused",
      errors: [
        { messageId: "needsRoot", severity: "info", line: 2, contains: "not checked: needs root: rsa_cert_file '/etc/ssl/ftp.pem'" },
        { messageId: "needsRoot", severity: "info", line: 3, contains: "not checked: needs root: rsa_private_key_file '/etc/ssl/ftp.key'" },
      ],
    },
    {
      conf: pair,
      host: debianHost({ now: validNow, files: { ...good, "/etc/ssl/ftp.key": unreadableFile("EIO") } }),
      name: "a read error with the daemon's rights is vsftpd's too",
      errors: [{ messageId: "keyBad", line: 3, contains: "has no usable private key: it cannot be read: input/output error (EIO)" }],
    },
    {
      conf: pair,
      host: host({ ...good, "/etc/ssl/ftp.pem": "not a certificate\n" }),
      name: "not PEM",
      errors: [{ messageId: "certBad", line: 2, contains: "no PEM certificate in it; vsftpd refuses to start (SSL: cannot load RSA certificate)" }],
    },
    { conf: pair, host: host({ ...good, "/etc/ssl/ftp.pem": dir() }), name: "a directory", errors: [{ messageId: "certBad", contains: "it is a directory" }] },
    { conf: pair, host: host({ ...good, "/etc/ssl/ftp.pem": corrupt }), name: "corrupt certificate", errors: [{ messageId: "certBad", contains: "certificate 1 does not parse" }] },
    {
      conf: pair,
      host: host({ ...good, "/etc/ssl/ftp.pem": pki.rsaCert + corrupt }),
      name: "corrupt chain certificate",
      errors: [{ messageId: "certBad", contains: "certificate 2 does not parse" }],
    },
    {
      conf: single,
      host: host({ "/etc/ssl/ftp.pem": pki.rsaCert }),
      name: "certificate alone with rsa_private_key_file unset",
      errors: [{ messageId: "keyBad", line: 2, contains: "(rsa_private_key_file is unset, so the key must be in it) has no usable private key: no PEM private key in it" }],
    },
    {
      conf: pair,
      host: host({ ...good, "/etc/ssl/ftp.key": pki.otherKey }),
      name: "key of another certificate",
      errors: [{ messageId: "mismatch", line: 3, contains: "(SSL: cannot load RSA private key)" }],
    },
    {
      conf: pair,
      host: host({ ...good, "/etc/ssl/ftp.key": pki.ecKey }),
      name: "key of another type: vsftpd starts, and handshakes fail",
      errors: [{ messageId: "keyTypeMismatch", line: 3, severity: "error", contains: "(an EC key for an RSA certificate): vsftpd starts" }],
    },
    {
      conf: single,
      host: host({ "/etc/ssl/ftp.pem": pki.rsaCert + pki.otherKey + pki.rsaKey }),
      name: "the first key in the file is the one",
      errors: [{ messageId: "mismatch", line: 2 }],
    },
    {
      conf: pair,
      host: host({ ...good, "/etc/ssl/ftp.key": pki.encKey + pki.rsaKey }),
      name: "an encrypted key first",
      errors: [{ messageId: "keyBad", line: 3, contains: "encrypted" }],
    },
    {
      conf: pair,
      host: host({ ...good, "/etc/ssl/ftp.key": cutOff(pki.otherKey) + pki.rsaKey }),
      name: "a key cut off before the good one",
      errors: [{ messageId: "keyBad", line: 3, contains: "the key is cut off" }],
    },
    {
      conf: pair,
      host: host({ ...good, "/etc/ssl/ftp.pem": pki.rsaCert + cutOff(pki.ecCert) }),
      name: "chain certificate cut off",
      errors: [{ messageId: "certBad", line: 2, contains: "certificate 2 is cut off" }],
    },
    {
      conf: pair,
      host: host({ ...good, "/etc/ssl/ftp.pem": pki.rsaCert + cutOff(pki.otherKey) }),
      name: "any block cut off fails the certificate file",
      errors: [{ messageId: "certBad", line: 2, contains: "the PRIVATE KEY block is cut off" }],
    },
    {
      conf: pair,
      host: host({ ...good, "/etc/ssl/ftp.pem": pki.rsaCert + relabel(corrupt, "X509 CERTIFICATE") }),
      name: "corrupt chain certificate under the old label",
      errors: [{ messageId: "certBad", contains: "certificate 2 does not parse" }],
    },
    {
      conf: pair,
      host: host({ ...good, "/etc/ssl/ftp.pem": relabel(corrupt, "TRUSTED CERTIFICATE") + pki.rsaCert }),
      name: "a corrupt TRUSTED CERTIFICATE first",
      errors: [{ messageId: "certBad", contains: "certificate 1 does not parse" }],
    },
    {
      conf: pair,
      host: host({ ...good, "/etc/ssl/ftp.pem": pki.derCert }),
      name: "DER instead of PEM",
      errors: [{ messageId: "certBad", contains: "it looks like DER" }],
    },
    {
      conf: pair,
      host: host({ ...good, "/etc/ssl/ftp.key": dir() }),
      name: "key path is a directory",
      errors: [{ messageId: "keyBad", line: 3, contains: "rsa_private_key_file '/etc/ssl/ftp.key' has no usable private key: it is a directory" }],
    },
    { conf: pair, host: host({ ...good, "/etc/ssl/ftp.key": pki.encKey }), name: "encrypted key", errors: [{ messageId: "keyBad", line: 3, contains: "encrypted" }] },
    {
      conf: pair,
      host: host({ ...good, "/etc/ssl/ftp.key": "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n" }),
      name: "corrupt key",
      errors: [{ messageId: "keyBad", contains: "does not parse" }],
    },
    {
      conf: `${pair}dsa_cert_file=/etc/ssl/ec.pem\n`,
      host: host({ ...good, "/etc/ssl/ec.pem": pki.ecCert }),
      name: "DSA slot without its key",
      errors: [{ messageId: "keyBad", line: 4, contains: "SSL: cannot load DSA private key" }],
    },
    {
      conf: `${pair}ca_certs_file=/etc/ssl/ca.pem\n`,
      host: host({ ...good, "/etc/ssl/ca.pem": "junk\n" }),
      name: "CA bundle without certificates",
      errors: [{ messageId: "caBad", line: 4, contains: "SSL: could not load verify file" }],
    },
    {
      conf: pair,
      host: host(good, new Date(new Date(rsa.validTo).getTime() + DAY)),
      name: "expired",
      errors: [{ messageId: "expired", severity: "warning", line: 2 }],
    },
    {
      conf: pair,
      host: host(good, new Date(new Date(rsa.validTo).getTime() - 10 * DAY - 3600_000)),
      name: "expires in 10 days",
      errors: [{ messageId: "expiring", severity: "warning", contains: "in 10 days" }],
    },
    {
      conf: pair,
      host: host(good, new Date(new Date(rsa.validFrom).getTime() - DAY)),
      name: "not yet valid",
      errors: [{ messageId: "notYetValid", severity: "warning" }],
    },
    {
      conf: `${pair}ssl_ciphers=HIGH\n`,
      host: host({ "/etc/ssl/ftp.pem": pki.noSanCert, "/etc/ssl/ftp.key": pki.noSanKey }),
      name: "no subjectAltName",
      errors: [{ messageId: "noSan", severity: "warning" }],
    },
    {
      conf: pair,
      host: host({ "/etc/ssl/ftp.pem": pki.clientCert, "/etc/ssl/ftp.key": pki.clientKey }),
      name: "a certificate for clients only",
      errors: [{ messageId: "notServerAuth", severity: "warning", contains: "extendedKeyUsage without serverAuth" }],
    },
    {
      conf: `${single}ssl_ciphers=HIGH\n`,
      host: host({ "/etc/ssl/ftp.pem": pki.noSanCert }),
      name: "an error and a warning together",
      errors: [{ messageId: "keyBad", severity: "error" }, { messageId: "noSan", severity: "warning" }],
    },
  ],
});
