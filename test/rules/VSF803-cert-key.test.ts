import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { debianHost, dir } from "../../src/host/fake-facts.js";
import type { FakeMachine } from "../../src/host/fake-facts.js";
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

function host(files: Record<string, string | ReturnType<typeof dir>>, now = validNow, more: FakeMachine = {}) {
  return debianHost({ ...more, now, files: { ...files, ...more.files } });
}

const ssl = "ssl_enable=YES\n";
const pair = `${ssl}rsa_cert_file=/etc/ssl/ftp.pem\nrsa_private_key_file=/etc/ssl/ftp.key\n`;
const single = `${ssl}rsa_cert_file=/etc/ssl/ftp.pem\n`;
const good = { "/etc/ssl/ftp.pem": pki.rsaCert, "/etc/ssl/ftp.key": pki.rsaKey };

ruleTester(rule, {
  valid: [
    { conf: pair, name: "no host: the rule does not run" },
    { conf: "ssl_enable=NO\nrsa_cert_file=/etc/ssl/ftp.pem\n", host: host({ "/etc/ssl/ftp.pem": "junk" }), name: "TLS off: files are not read" },
    { conf: pair, host: host(good), name: "matching certificate and key" },
    { conf: single, host: host({ "/etc/ssl/ftp.pem": pki.rsaCert + pki.rsaKey }), name: "certificate and key in one file" },
    { conf: single, host: host({ "/etc/ssl/ftp.pem": pki.rsaKey + pki.rsaCert }), name: "key before certificate in one file" },
    { conf: pair, host: host({ ...good, "/etc/ssl/ftp.key": pki.tradKey }), name: "traditional RSA key format" },
    { conf: pair, host: host({ "/etc/ssl/ftp.pem": pki.ecCert, "/etc/ssl/ftp.key": pki.ecKey }), name: "EC certificate in the RSA slot" },
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
    { conf: `${ssl}rsa_cert_file=\n`, host: host({}), name: "no certificate configured" },
  ],
  invalid: [
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
      host: host({ ...good, "/etc/ssl/ftp.key": pki.ecKey }),
      name: "key of another certificate",
      errors: [{ messageId: "mismatch", line: 3, contains: "(SSL: cannot load RSA private key)" }],
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
      conf: pair,
      host: host({ "/etc/ssl/ftp.pem": pki.noSanCert, "/etc/ssl/ftp.key": pki.noSanKey }),
      name: "no subjectAltName",
      errors: [{ messageId: "noSan", severity: "warning" }],
    },
    {
      conf: single,
      host: host({ "/etc/ssl/ftp.pem": pki.noSanCert }),
      name: "an error and a warning together",
      errors: [{ messageId: "keyBad", severity: "error" }, { messageId: "noSan", severity: "warning" }],
    },
  ],
});
