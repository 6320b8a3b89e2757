import rule from "../../src/lint/rules/VSF205-bad-ssl-ciphers.js";
import { ruleTester } from "../helpers/rule-tester.js";

const SSL = "ssl_enable=YES\n";

ruleTester(rule, {
  valid: [
    `${SSL}ssl_ciphers=HIGH\n`,
    `${SSL}ssl_ciphers=ECDHE-RSA-AES256-GCM-SHA384:BOGUS\n`,
    `${SSL}ssl_ciphers=DEFAULT@SECLEVEL=2\n`,
    `${SSL}ssl_ciphers=TLS_AES_128_GCM_SHA256:HIGH\n`,
    { conf: `${SSL}ssl_ciphers=\n`, name: "empty: OpenSSL's default list" },
    { conf: SSL, name: "the compiled default" },
    { conf: "ssl_ciphers=BOGUS\n", name: "not read without ssl_enable" },
    { conf: `${SSL}ssl_ciphers=PROFILE=SYSTEM\n`, options: { distro: "rhel" }, name: "RHEL's crypto-policy profile" },
    { conf: `${SSL}ssl_ciphers=HIGH\r\n`, name: "Debian trims the CR" },
  ],
  invalid: [
    { conf: `${SSL}ssl_ciphers=BOGUS\n`, errors: [{ messageId: "bad", line: 2, col: 1, severity: "error", contains: "(SSL: could not set cipher list)" }] },
    { conf: `${SSL}ssl_ciphers=!ALL\n`, errors: [{ messageId: "bad" }] },
    { conf: `${SSL}ssl_ciphers=DES-CBC3-SHA\n`, name: "the old man page's default", errors: [{ messageId: "bad" }] },
    { conf: `${SSL}ssl_ciphers=TLS_AES_128_GCM_SHA256\n`, errors: [{ messageId: "tls13", contains: "TLS_ names (TLS_AES_128_GCM_SHA256)" }] },
    {
      conf: `${SSL}ssl_ciphers=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384\n`,
      name: "an IANA name",
      errors: [{ messageId: "tls13" }],
    },
    { conf: `${SSL}ssl_ciphers=PROFILE=SYSTEM\n`, name: "PROFILE=SYSTEM outside RHEL", errors: [{ messageId: "bad" }] },
    { conf: `${SSL}ssl_ciphers=HIGH\r\n`, options: { distro: "upstream" }, name: "upstream keeps the CR", errors: [{ messageId: "bad", contains: "HIGH\\r" }] },
  ],
});
