import rule from "../../src/lint/rules/VSF101-unknown-option.js";
import { ruleTester } from "../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    "listen=YES\n",
    "# comment=YES\n",
    { conf: "utf8_filesystem=YES\n", name: "Debian-only option on Debian" },
    { conf: "ssl_tlsv1_2=YES\n", options: { distro: "rhel" }, name: "RHEL-only option on RHEL" },
    { conf: "Listen=YES\n", name: "wrong case is VSF102's" },
    { conf: "listen =YES\n", name: "space before = is VSF103's" },
  ],
  invalid: [
    { conf: "listen_adress=1.2.3.4\n", errors: [{ messageId: "unknownSuggest", line: 1, col: 1, contains: "listen_address" }] },
    { conf: "listen=YES\nfrobnicate=1\n", errors: [{ messageId: "unknown", line: 2 }] },
    { conf: "  bogus_thing=1\n", errors: [{ messageId: "unknown", line: 1, col: 3 }] },
    { conf: "ssl_tlsv1_2=YES\n", errors: [{ messageId: "otherBuild", contains: "rhel" }], name: "RHEL-only option on Debian" },
    { conf: "utf8_filesystem=YES\n", options: { distro: "upstream" }, errors: [{ messageId: "otherBuild" }] },
  ],
});
