import rule from "../../src/lint/rules/VSF810-listen-address-not-local.js";
import { debianHost, fakeHostFacts } from "../helpers/fake-facts.js";
import { ruleTester } from "../helpers/rule-tester.js";

const host = debianHost();
const lan = fakeHostFacts({ addresses: ["127.0.0.1", "192.0.2.10", "::1", "fe80::1%eth0", "2001:db8::10"] });

ruleTester(rule, {
  valid: [
    { conf: "listen=YES\nlisten_address=127.0.0.1\n", host, name: "loopback" },
    { conf: "listen=YES\nlisten_address=127.1\n", host, name: "inet_aton shorthand of loopback" },
    { conf: "listen=YES\n", host, name: "no address: binds the wildcard" },
    { conf: "listen=YES\nlisten_address=0.0.0.0\n", host, name: "explicit wildcard" },
    { conf: "listen=YES\nlisten_address=192.0.2.10\n", host: lan, name: "an interface address" },
    { conf: "listen=YES\nlisten_address=localhost\n", host, name: "malformed is VSF203's" },
    { conf: "listen=NO\nlisten_ipv6=YES\nlisten_address6=::1\n", host, name: "IPv6 loopback" },
    { conf: "listen=NO\nlisten_ipv6=YES\nlisten_address6=2001:db8:0::10\n", host: lan, name: "IPv6 in another spelling" },
  ],
  invalid: [
    { conf: "listen=YES\nlisten_address=192.0.2.1\n", host, errors: [{ messageId: "ipv4", line: 2, contains: "could not bind listening IPv4 socket" }] },
    { conf: "listen=YES\nlisten_address=10.1\n", host: lan, errors: [{ messageId: "ipv4", line: 2 }], name: "shorthand of a foreign address" },
    { conf: "listen=NO\nlisten_ipv6=YES\nlisten_address6=2001:db8::99\n", host: lan, errors: [{ messageId: "ipv6", line: 3 }] },
    // vsftpd's own IPv6 parser accepts a bare dotted quad (missing groups come from memory): it cannot bind it.
    { conf: "listen=NO\nlisten_ipv6=YES\nlisten_address6=192.0.2.99\n", host, errors: [{ messageId: "ipv6", line: 3 }] },
  ],
});
