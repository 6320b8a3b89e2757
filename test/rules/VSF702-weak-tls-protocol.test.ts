import rule from "../../src/lint/rules/VSF702-weak-tls-protocol.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "ssl_enable=YES\nssl_tlsv1=NO\n",
    "ssl_enable=YES\nssl_tlsv1=NO\nssl_sslv2=NO\nssl_sslv3=NO\n",
    { conf: "ssl_tlsv1=YES\nssl_sslv3=YES\n", name: "TLS off (VSF605 covers the inert lines)" },
    { conf: "ssl_enable=YES\n", options: { distro: "rhel" }, name: "RHEL defaults ssl_tlsv1 to NO" },
    { conf: "ssl_enable=YES\nssl_tlsv1_2=YES\n", options: { distro: "rhel" } },
  ],
  invalid: [
    {
      conf: "ssl_enable=YES\n",
      name: "missing ssl_tlsv1=NO",
      errors: [{ messageId: "byDefault", line: 1, col: 1, contains: "TLS 1.0 is permitted because ssl_tlsv1 defaults to YES on this build (debian)" }],
    },
    { conf: "ssl_enable=YES\n", options: { distro: "upstream" }, errors: [{ messageId: "byDefault", contains: "(upstream)" }] },
    {
      conf: "ssl_enable=YES\nssl_tlsv1=YES\nssl_sslv2=NO\nssl_sslv3=NO\n",
      name: "the seed tutorial's TLS block",
      errors: [{ messageId: "set", line: 2, contains: "ssl_tlsv1=YES permits TLS 1.0" }],
    },
    {
      conf: "ssl_enable=YES\nssl_tlsv1=NO\nssl_sslv3=YES\nssl_sslv2=YES\n",
      errors: [
        { messageId: "set", line: 3, contains: "SSLv3" },
        { messageId: "set", line: 4, contains: "SSLv2" },
      ],
    },
    {
      conf: "ssl_enable=YES\nssl_tlsv1_1=YES\n",
      options: { distro: "rhel" },
      errors: [{ messageId: "set", line: 2, contains: "TLS 1.1" }],
    },
  ],
});
