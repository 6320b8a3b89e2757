/**
 * The rule contract at the type level: `npm run typecheck` compiles this file,
 * and every `@ts-expect-error` below fails the typecheck if the line it
 * guards ever compiles. The checks are never called: they exist to be typed.
 */
import { describe, expect, it } from "vitest";
import { defineRule, type RuleContext } from "../../src/lint/rule.js";
import type { OptionName } from "../../src/vsftpd/options.js";
import { OPTIONS } from "../../src/vsftpd/options.js";

const typed = defineRule({
  code: "VSF999",
  name: "typed",
  severity: "info",
  category: "trap",
  description: "Exists to be typed.",
  messages: { seen: "{name} seen" },
  check(ctx) {
    ctx.report({ messageId: "seen", data: { name: "listen" } });
    // @ts-expect-error a message id the rule does not have
    ctx.report({ messageId: "typo" });
    ctx.get("listen");
    ctx.isSet("listen_ipv6");
    ctx.source("pasv_min_port");
    // @ts-expect-error an option vsftpd does not have
    ctx.get("listne");
    // @ts-expect-error an option vsftpd does not have
    ctx.isSet("anonymous_enabled");
    // @ts-expect-error an option vsftpd does not have
    ctx.source("Listen");
  },
});

function names(ctx: RuleContext): void {
  const known: OptionName = "ssl_enable";
  ctx.get(known);
  // @ts-expect-error a plain string is not an option name
  const loose: OptionName = "ssl_enabled" as string;
  void loose;
}

describe("rule typing", () => {
  it("keeps the typed rule an ordinary rule at run time", () => {
    expect(typed.messages).toEqual({ seen: "{name} seen" });
    expect(typeof names).toBe("function");
  });

  it("has an OptionName for every registry entry (the type is the registry's names)", () => {
    const all: readonly OptionName[] = OPTIONS.map((o) => o.name as OptionName);
    expect(new Set(all).size).toBe(OPTIONS.length);
  });
});
