/** Whether `iptables -S INPUT` lets a new TCP connection to a port through, rule by rule. */
import { describe, expect, it } from "vitest";
import { inputVerdict } from "../../src/host/iptables-eval.js";

const ACCEPTING = "-P INPUT ACCEPT\n";
const DROPPING = "-P INPUT DROP\n";
const FTPCTL = [
  '-A INPUT -p tcp -m tcp --dport 21 -m conntrack --ctstate NEW,ESTABLISHED -m comment --comment "ftpctl: control 21/tcp" -j ACCEPT',
  '-A INPUT -p tcp -m tcp --dport 40000:40009 -m conntrack --ctstate NEW,ESTABLISHED -m comment --comment "ftpctl: passive 40000-40009/tcp" -j ACCEPT',
].join("\n");

describe("inputVerdict", () => {
  it.each([
    ["an empty chain with policy ACCEPT", ACCEPTING, 21, "accept"],
    ["an empty chain with policy DROP", DROPPING, 21, "drop"],
    ["ftpctl's rules under DROP: the control port", `${DROPPING}${FTPCTL}`, 21, "accept"],
    ["ftpctl's rules under DROP: inside the range", `${DROPPING}${FTPCTL}`, 40005, "accept"],
    ["ftpctl's rules under DROP: outside the range", `${DROPPING}${FTPCTL}`, 40010, "drop"],
    ["a DROP before the accepting rule wins", `${ACCEPTING}-A INPUT -p tcp --dport 40000:40009 -j DROP\n${FTPCTL}`, 40000, "drop"],
    ["a REJECT counts as a drop", `${ACCEPTING}-A INPUT -p tcp -m tcp --dport 21 -j REJECT --reject-with tcp-reset`, 21, "drop"],
    ["established-only rules let no new connection in", `${DROPPING}-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`, 21, "drop"],
    ["loopback-only rules are not for clients", `${DROPPING}-A INPUT -i lo -j ACCEPT`, 21, "drop"],
    ["a rule for one source is not for every client", `${DROPPING}-A INPUT -s 10.0.0.0/8 -p tcp --dport 21 -j ACCEPT`, 21, "drop"],
    ["multiport", `${DROPPING}-A INPUT -p tcp -m multiport --dports 21,40000:40009 -j ACCEPT`, 40001, "accept"],
    ["udp rules do not match", `${ACCEPTING}-A INPUT -p udp --dport 21 -j DROP`, 21, "accept"],
    ["a jump to a user chain cannot be judged", `${DROPPING}-A INPUT -j ufw-before-input`, 21, "unknown"],
  ] as const)("%s", (_name, rules, port, kind) => {
    expect(inputVerdict(rules, port).kind).toBe(kind);
  });
});
