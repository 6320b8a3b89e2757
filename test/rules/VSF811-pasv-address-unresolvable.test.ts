import rule from "../../src/lint/rules/VSF811-pasv-address-unresolvable.js";
import { debianHost, fakeHostFacts } from "../helpers/fake-facts.js";
import { ruleTester } from "../helpers/rule-tester.js";

const host = debianHost();
const named = fakeHostFacts({ resolvable: ["localhost", "ftp.example.org"] });

ruleTester(rule, {
  valid: [
    { conf: "pasv_addr_resolve=YES\npasv_address=localhost\n", host, name: "resolves" },
    { conf: "pasv_addr_resolve=YES\npasv_address=ftp.example.org\n", host: named, name: "resolves through the resolver" },
    { conf: "pasv_address=ftp.example.org\n", host, name: "not resolved without pasv_addr_resolve (VSF301's)" },
    { conf: "pasv_addr_resolve=YES\n", host, name: "no address" },
    { conf: "pasv_addr_resolve=YES\npasv_address=[127.0.0.1]\n", host, name: "no host name at all: VSF301's, not reported twice" },
    { conf: "pasv_addr_resolve=YES\npasv_address=999.999.999.999\n", host, name: "not an address, decided without a lookup: VSF301's" },
  ],
  invalid: [
    {
      conf: "pasv_addr_resolve=YES\npasv_address=ftp.example.org\n",
      host: fakeHostFacts({ resolverDown: true }),
      name: "a resolver that gives no answer is not 'does not resolve'",
      errors: [{ messageId: "unchecked", severity: "warning", line: 2, contains: "pasv_address 'ftp.example.org' could not be checked: the resolver gave no answer" }],
    },
    { conf: "pasv_addr_resolve=YES\npasv_address=ftp.example.invalid\n", host, errors: [{ messageId: "unresolvable", line: 2, contains: "cannot resolve host:ftp.example.invalid" }] },
    { conf: "pasv_address=nowhere.invalid\npasv_addr_resolve=YES\n", host: named, errors: [{ messageId: "unresolvable", line: 1 }] },
  ],
});
