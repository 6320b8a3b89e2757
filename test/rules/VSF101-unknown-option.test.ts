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
    { conf: "\uFEFFlisten=YES\n", name: "BOM is VSF106's" },
    { conf: "  # a=b\n", name: "indented comment is VSF107's" },
    { conf: "bogus\n", name: "unknown name without a value is VSF109's" },
  ],
  invalid: [
    { conf: "listen_adress=1.2.3.4\n", errors: [{ messageId: "unknownSuggest", line: 1, col: 1, contains: "listen_address" }] },
    { conf: "listen=YES\nfrobnicate=1\n", errors: [{ messageId: "unknown", line: 2 }] },
    { conf: "  bogus_thing=1\n", errors: [{ messageId: "unknown", line: 1, col: 3 }] },
    { conf: "ssl_tlsv1_2=YES\n", errors: [{ messageId: "otherBuild", contains: "rhel" }], name: "RHEL-only option on Debian" },
    { conf: "utf8_filesystem=YES\n", options: { distro: "upstream" }, errors: [{ messageId: "otherBuild" }] },
    {
      conf: "bogus_thing = 1\n",
      name: "unknown even without the spaces",
      errors: [{ messageId: "unknown", severity: "error", contains: "(unrecognised variable in config file: bogus_thing )" }],
    },
    { conf: "ssl_tlsv1_2 = YES\n", errors: [{ messageId: "otherBuild" }], name: "other build, with spaces" },
    { conf: "\uFEFFbogus=1\n", name: "unknown behind a BOM", errors: [{ messageId: "unknown", contains: "<BOM>bogus" }] },
    { conf: "=YES\n", name: "empty name", errors: [{ messageId: "unknown", contains: "unknown option ''" }] },
    {
      conf: `root:$6$salt$${"h".repeat(80)}:19700:0:99999:7:::=x\n`,
      name: "a long refused line is quoted by its first 60 characters only",
      errors: [{ messageId: "unknown", contains: `'root:$6$salt$${"h".repeat(47)}…': vsftpd refuses to start (unrecognised variable in config file: root:$6$salt$${"h".repeat(47)}…)` }],
    },
  ],
});
